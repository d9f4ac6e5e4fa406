// POST /api/account/signup: creates a shopper account from email + password (JSON).
import { hashPassword } from "@/lib/auth/password";
import { signUpSchema } from "@/lib/auth/credentials-schema";
import { EmailTakenError, createUserWithPassword } from "@/lib/db/user-repository";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { jsonError } from "@/lib/server/http-responses";
import { BodyError, readJsonBody } from "@/lib/server/request-body";
import { isSameOriginRequest } from "@/lib/server/same-origin";
import { clientIp } from "@/lib/server/client-ip";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { RateLimitedError, enforceRateLimit } from "@/lib/security/rate-limiter";

export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request, getEnv().APP_BASE_URL)) return jsonError(403, "cross_origin", "Cross-site requests are not allowed");
  try {
    const input = await readJsonBody(request, signUpSchema);
    // Counted once the body is valid: only real account creations (and their bcrypt work) use it up.
    await enforceRateLimit(getAppDb(), RATE_LIMITS.signUpPerIp, clientIp(request), new Date());
    const user = await createUserWithPassword(getAppDb(), {
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
    return Response.json({ user: { id: user.id, email: user.email } }, { status: 201 });
  } catch (error) {
    if (error instanceof BodyError) return jsonError(error.status, error.code, error.message);
    if (error instanceof RateLimitedError) return jsonError(429, "rate_limited", error.message, { "Retry-After": String(error.retryAfterSeconds) });
    if (error instanceof EmailTakenError) return jsonError(409, "email_taken", error.message);
    throw error;
  }
}
