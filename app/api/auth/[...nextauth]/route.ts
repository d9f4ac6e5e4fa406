// GET/POST /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints. POSTs must
// come from our own pages; credentials sign-ins are rate limited (lib/auth/sign-in-throttle.ts).
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";
import { normalizeSignInEmail, recordFailedSignIn, refuseSignInAttempt, signInRateLimitedResponse } from "@/lib/auth/sign-in-throttle";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { clientIp } from "@/lib/server/client-ip";
import { jsonError } from "@/lib/server/http-responses";
import { isSameOriginRequest } from "@/lib/server/same-origin";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

async function handleNextAuth(req: NextRequest, ctx: NextAuthContext): Promise<Response> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- next-auth v4 types its handler as any
  const response: Response = await NextAuth(getAuthOptions())(req, ctx);
  // next-auth answers an unknown action ("/api/auth/callback/x") with a plain-text 400: give it the
  // JSON error shape every other API route answers with.
  if (response.status === 400 && !(response.headers.get("content-type") ?? "").includes("json")) {
    return jsonError(400, "invalid_auth_request", (await response.text()).replace(/^Error: /, "").slice(0, 200) || "Unsupported sign-in request");
  }
  return response;
}

export async function POST(req: NextRequest, ctx: NextAuthContext): Promise<Response> {
  const env = getEnv();
  if (!isSameOriginRequest(req, env.APP_BASE_URL)) return jsonError(403, "cross_origin", "Cross-site requests are not allowed");
  // next-auth's own forms post urlencoded; a malformed JSON body would make it throw (a 500).
  if ((req.headers.get("content-type") ?? "").includes("json")) {
    return jsonError(415, "unsupported_media_type", "Send sign-in requests as application/x-www-form-urlencoded");
  }
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") !== "callback/credentials") return handleNextAuth(req, ctx);

  const db = getAppDb();
  const now = new Date();
  const email = normalizeSignInEmail(new URLSearchParams(await req.clone().text()).get("email"));
  const retryAfterSeconds = await refuseSignInAttempt(db, { ip: clientIp(req), email }, now);
  if (retryAfterSeconds !== null) return signInRateLimitedResponse(env.APP_BASE_URL, retryAfterSeconds);
  const response = await handleNextAuth(req, ctx);
  if (response.status === 401 && email) await recordFailedSignIn(db, email, now);
  return response;
}

export { handleNextAuth as GET };
