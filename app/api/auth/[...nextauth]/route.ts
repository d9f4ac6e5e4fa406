// GET/POST /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints. POSTs must
// come from our own pages; credentials sign-ins are rate limited (lib/auth/sign-in-throttle.ts).
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";
import {
  normalizeSignInEmail,
  recordFailedSignIn,
  refuseSignInAttempt,
  signInRateLimitedResponse,
} from "@/lib/auth/sign-in-throttle";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { withPublic } from "@/lib/server/app-routes";
import { clientIp } from "@/lib/server/client-ip";
import { jsonError } from "@/lib/server/http-responses";

type NextAuthParams = { nextauth: string[] };

async function handleNextAuth(req: NextRequest, params: NextAuthParams): Promise<Response> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- next-auth v4 types its handler as any
  const response: Response = await NextAuth(getAuthOptions())(req, {
    params: Promise.resolve(params),
  });
  // next-auth answers an unknown action ("/api/auth/callback/x") with a plain-text 400: give it the
  // JSON error shape every other API route answers with.
  if (response.status === 400 && !(response.headers.get("content-type") ?? "").includes("json")) {
    return jsonError(
      400,
      "invalid_auth_request",
      (await response.text()).replace(/^Error: /, "").slice(0, 200) ||
        "Unsupported sign-in request",
    );
  }
  return response;
}

export const POST = withPublic<NextAuthParams>(async (req, { params }) => {
  const env = getEnv();
  // next-auth's own forms post urlencoded; a malformed JSON body would make it throw (a 500).
  if ((req.headers.get("content-type") ?? "").includes("json")) {
    return jsonError(
      415,
      "unsupported_media_type",
      "Send sign-in requests as application/x-www-form-urlencoded",
    );
  }
  if (params.nextauth.join("/") !== "callback/credentials") return handleNextAuth(req, params);

  const db = getAppDb();
  const now = new Date();
  const email = normalizeSignInEmail(new URLSearchParams(await req.clone().text()).get("email"));
  const retryAfterSeconds = await refuseSignInAttempt(db, { ip: clientIp(req), email }, now);
  if (retryAfterSeconds !== null)
    return signInRateLimitedResponse(env.APP_BASE_URL, retryAfterSeconds);
  const response = await handleNextAuth(req, params);
  if (response.status === 401 && email) await recordFailedSignIn(db, email, now);
  return response;
});

export const GET = withPublic<NextAuthParams>(async (req, { params }) =>
  handleNextAuth(req, params),
);
