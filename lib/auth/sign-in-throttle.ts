// Rate limits around the credentials sign-in. Every attempt counts against the caller's address
// (checked by the route before next-auth runs), and every attempt counts against the email that
// is actually checked, claimed in the authorize step before the password hash is compared: ten
// parallel guesses get five comparisons, not ten. A right password takes its claim back, so an
// owner who signs in correctly is never locked out by their own successes.
import type { Db } from "@/lib/db/client";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import {
  consumeRateLimit,
  describeWait,
  peekRateLimit,
  releaseRateLimitHit,
} from "@/lib/security/rate-limiter";

export const SIGN_IN_RATE_LIMITED_ERROR = "RateLimited";

/** null when this address may try again, else the seconds until it may. Counts the attempt. */
export async function refuseSignInFromAddress(
  db: Db,
  address: string,
  now: Date,
): Promise<number | null> {
  const perIp = await consumeRateLimit(db, RATE_LIMITS.signInPerIp, address, now);
  return perIp.isAllowed ? null : perIp.retryAfterSeconds;
}

/**
 * Counts one attempt against the email, in one statement, before its password is compared. null
 * when the comparison may go ahead, else the seconds until the email may be tried again.
 */
export async function claimSignInAttempt(db: Db, email: string, now: Date): Promise<number | null> {
  const perEmail = await consumeRateLimit(db, RATE_LIMITS.signInFailuresPerEmail, email, now);
  return perEmail.isAllowed ? null : perEmail.retryAfterSeconds;
}

/** The right password: the claim made at the same `now` was not a failure. */
export async function releaseSignInAttempt(db: Db, email: string, now: Date): Promise<void> {
  await releaseRateLimitHit(db, RATE_LIMITS.signInFailuresPerEmail, email, now);
}

/** Seconds until the email may be tried again (at least 1), for the 429 answer's Retry-After. */
export async function signInRetryAfterSeconds(db: Db, email: string, now: Date): Promise<number> {
  const decision = await peekRateLimit(db, RATE_LIMITS.signInFailuresPerEmail, email, now);
  return Math.max(decision.retryAfterSeconds, 1);
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
