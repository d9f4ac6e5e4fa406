// Rate limits around next-auth's credentials sign-in: every attempt counts against the caller's IP,
// and wrong passwords count against the email, so an account cannot be guessed at speed while its
// owner, who signs in correctly, is never locked out by their own successes.
import type { Db } from "@/lib/db/client";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import {
  consumeRateLimit,
  describeWait,
  peekRateLimit,
  recordRateLimitHit,
} from "@/lib/security/rate-limiter";

export const SIGN_IN_RATE_LIMITED_ERROR = "RateLimited";

export interface SignInAttempt {
  ip: string;
  email: string | null;
}

export function normalizeSignInEmail(value: string | null): string | null {
  const email = value?.trim().toLowerCase();
  return email ? email.slice(0, 254) : null;
}

/** null when the attempt may go ahead, else the seconds until it may be tried again. */
export async function refuseSignInAttempt(
  db: Db,
  attempt: SignInAttempt,
  now: Date,
): Promise<number | null> {
  const perIp = await consumeRateLimit(db, RATE_LIMITS.signInPerIp, attempt.ip, now);
  if (!perIp.isAllowed) return perIp.retryAfterSeconds;
  if (!attempt.email) return null;
  const perEmail = await peekRateLimit(db, RATE_LIMITS.signInFailuresPerEmail, attempt.email, now);
  return perEmail.isAllowed ? null : perEmail.retryAfterSeconds;
}

export async function recordFailedSignIn(db: Db, email: string, now: Date): Promise<void> {
  await recordRateLimitHit(db, RATE_LIMITS.signInFailuresPerEmail, email, now);
}

/**
 * What next-auth's client reads (`url` with `?error=`), plus our JSON error and Retry-After, so
 * `signIn()` resolves with `{ error: "RateLimited", status: 429 }` and the form can say so.
 */
export function signInRateLimitedResponse(appBaseUrl: string, retryAfterSeconds: number): Response {
  const url = new URL(`/signin?error=${SIGN_IN_RATE_LIMITED_ERROR}`, appBaseUrl).toString();
  const message = `Too many sign-in attempts. Try again in ${describeWait(retryAfterSeconds)}.`;
  return Response.json(
    { url, error: { code: "rate_limited", message } },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}
