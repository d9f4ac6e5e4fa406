// Applies a rate limit rule to a subject (an IP, an email, a user id) with the database as the
// store shared by every app instance.
import type { Db } from "@/lib/db/client";
import {
  decrementRateLimitHits,
  deleteRateLimitWindowsBefore,
  incrementRateLimitHits,
  readRateLimitHits,
} from "@/lib/db/rate-limit-repository";
import {
  decideRateLimit,
  rateLimitKey,
  rateLimitWindowStart,
  type RateLimitDecision,
  type RateLimitRule,
} from "./rate-limit";
import { RATE_LIMIT_RETENTION_MS } from "./rate-limit-rules";
import { AppError } from "@/lib/errors/app-error";

export class RateLimitedError extends AppError {
  override name = "RateLimitedError";
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${describeWait(retryAfterSeconds)}.`, {
      status: 429,
      errorCode: "rate_limited",
      isMessageSafe: true,
    });
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

// Old windows only pile up as new ones open, and are kept for a day: pruning when a window opens,
// at most once a minute per process and database, keeps the table bounded without a DELETE on
// almost every request (most shoppers open a new window with each checkout).
const PRUNE_EVERY_MS = 60_000;
const lastPruneAt = new WeakMap<Db, number>();

function isPruneDue(db: Db, now: Date): boolean {
  const last = lastPruneAt.get(db);
  // A clock moved back (the test clock) counts as due.
  if (last !== undefined && now.getTime() >= last && now.getTime() - last < PRUNE_EVERY_MS) {
    return false;
  }
  lastPruneAt.set(db, now.getTime());
  return true;
}

/** Counts this request against the rule and says whether it may go ahead. */
export async function consumeRateLimit(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now: Date,
): Promise<RateLimitDecision> {
  const hits = await incrementRateLimitHits(
    db,
    rateLimitKey(rule, subject),
    rateLimitWindowStart(rule, now),
  );
  if (hits === 1 && isPruneDue(db, now)) {
    await deleteRateLimitWindowsBefore(db, new Date(now.getTime() - RATE_LIMIT_RETENTION_MS));
  }
  return decideRateLimit(rule, hits, now);
}

/** Says whether one more hit would still be allowed, without counting one (failure-only limits). */
export async function peekRateLimit(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now: Date,
): Promise<RateLimitDecision> {
  const hits = await readRateLimitHits(
    db,
    rateLimitKey(rule, subject),
    rateLimitWindowStart(rule, now),
  );
  return decideRateLimit(rule, hits + 1, now);
}

/** Takes back a hit consumeRateLimit counted at the same `now` (an attempt that turned out fine). */
export async function releaseRateLimitHit(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now: Date,
): Promise<void> {
  await decrementRateLimitHits(db, rateLimitKey(rule, subject), rateLimitWindowStart(rule, now));
}

/** Throws RateLimitedError when the rule refuses this request. */
export async function enforceRateLimit(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now: Date,
): Promise<void> {
  const decision = await consumeRateLimit(db, rule, subject, now);
  if (!decision.isAllowed) throw new RateLimitedError(decision.retryAfterSeconds);
}
