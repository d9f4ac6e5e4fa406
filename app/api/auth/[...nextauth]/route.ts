// GET/POST /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints. POSTs must
// come from our own pages; credentials sign-ins are rate limited per client address here and per
// email inside the authorize step (lib/auth/sign-in-throttle.ts).
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";
import { findRepeatedFormKey, isRateLimitedSignInAnswer } from "@/lib/auth/credentials-form";
import {
  SIGN_IN_RATE_LIMITED_ERROR,
  refuseSignInFromAddress,
  signInRateLimitedResponse,
  signInRetryAfterSeconds,
} from "@/lib/auth/sign-in-throttle";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { withPublic } from "@/lib/server/app-routes";
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

export const POST = withPublic<NextAuthParams>(async (req, { params, clientAddress }) => {
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

  const body = await req.clone().text();
  const repeated = findRepeatedFormKey(body);
  if (repeated !== null) {
    return jsonError(
      400,
      "repeated_form_field",
      `The sign-in form field "${repeated.slice(0, 40)}" was sent more than once`,
    );
  }
  const db = getAppDb();
  const now = new Date();
  const retryAfterSeconds = await refuseSignInFromAddress(db, clientAddress, now);
  if (retryAfterSeconds !== null)
    return signInRateLimitedResponse(env.APP_BASE_URL, retryAfterSeconds);
  const response = await handleNextAuth(req, params);
  if (!(await isRateLimitedSignInAnswer(response, SIGN_IN_RATE_LIMITED_ERROR))) return response;
  const email = new URLSearchParams(body).get("email")?.trim().toLowerCase() ?? "";
  return signInRateLimitedResponse(env.APP_BASE_URL, await signInRetryAfterSeconds(db, email, now));
});

export const GET = withPublic<NextAuthParams>(async (req, { params }) =>
  handleNextAuth(req, params),
);
