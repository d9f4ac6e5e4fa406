// What the renewal engine does after one charge attempt with the regKey. Pure: the engine does the
// charging and writing; this only decides, so every branch of dunning is unit-tested with a fixed
// clock. Hours and days here are elapsed time (a "day" is 24 h), like the retry schedule itself.

import type { BillingPolicy } from "./billing-policy";
import { isRenewingStatus, type SubscriptionStatus } from "./subscription-status";
import { statusReason, type StatusReason } from "./status-reason";

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export type ChargeOutcome =
  | { kind: "succeeded" }
  | { kind: "declined"; code: string } // definitive decline, regKey still usable (balance, card codes)
  | { kind: "regkey_dead"; code: string } // 1141, 1190, 1193, … : a new approval is needed
  | { kind: "unknown"; code: string | null }; // timeout, 5xx, 1172, 1197, 1198: money may have moved

export interface RenewalAttemptContext {
  status: SubscriptionStatus; // before the attempt: ACTIVE or PAST_DUE
  dueAt: Date; // when the period's first attempt was due (= period start)
  attemptNumber: number; // 1 = the first attempt for this period
  now: Date;
}

export type RenewalDecision =
  | { action: "period_paid"; status: "ACTIVE" }
  | { action: "retry_later"; status: "PAST_DUE"; nextAttemptAt: Date; accessUntil: Date }
  | { action: "give_up"; status: "EXPIRED"; expireRegKey: true; reason: StatusReason }
  | { action: "needs_rebind"; status: "NEEDS_REBIND"; accessUntil: Date; reason: StatusReason }
  | { action: "verify_later"; status: SubscriptionStatus /* unchanged */; verifyAt: Date };

export function decideAfterCharge(
  ctx: RenewalAttemptContext,
  outcome: ChargeOutcome,
  policy: BillingPolicy,
): RenewalDecision {
  if (!isRenewingStatus(ctx.status)) {
    throw new RangeError(
      `A ${ctx.status} subscription is never charged, so there is nothing to decide`,
    );
  }
  assertAttemptNumber(ctx.attemptNumber);
  assertInstant(ctx.dueAt, "dueAt");
  assertInstant(ctx.now, "now");

  switch (outcome.kind) {
    case "succeeded":
      return { action: "period_paid", status: "ACTIVE" };
    case "declined": {
      const nextAttemptAt = attemptDueAt(ctx.dueAt, ctx.attemptNumber + 1, policy);
      if (nextAttemptAt === null) {
        const attempts = policy.retryScheduleHours.length + 1;
        return {
          action: "give_up",
          status: "EXPIRED",
          // A regKey we will never charge again is expired at LINE Pay so it cannot be misused.
          expireRegKey: true,
          reason: statusReason("renewal.declined_exhausted", {
            code: outcome.code,
            attempt: ctx.attemptNumber,
            attempts,
          }),
        };
      }
      return {
        action: "retry_later",
        status: "PAST_DUE",
        nextAttemptAt,
        accessUntil: graceEnd(ctx.dueAt, policy),
      };
    }
    case "regkey_dead":
      // Retrying a dead regKey only collects more errors; the shopper has to approve a new one.
      return {
        action: "needs_rebind",
        status: "NEEDS_REBIND",
        accessUntil: graceEnd(ctx.dueAt, policy),
        reason: statusReason("renewal.regkey_refused", { code: outcome.code }),
      };
    case "unknown":
      // Money may have moved: charging again could bill twice, so only a status check comes next.
      return {
        action: "verify_later",
        status: ctx.status,
        verifyAt: new Date(ctx.now.getTime() + policy.unknownVerifyAfterMinutes * MINUTE_MS),
      };
    default:
      return assertNever(outcome);
  }
}

/** When the next attempt for a period is due: attempt 1 at dueAt, attempt k>1 at dueAt + retryScheduleHours[k-2] h; null when the schedule is exhausted. */
export function attemptDueAt(
  dueAt: Date,
  attemptNumber: number,
  policy: BillingPolicy,
): Date | null {
  assertAttemptNumber(attemptNumber);
  assertInstant(dueAt, "dueAt");
  if (attemptNumber === 1) return new Date(dueAt.getTime());
  const hours = policy.retryScheduleHours[attemptNumber - 2];
  return hours === undefined ? null : new Date(dueAt.getTime() + hours * HOUR_MS);
}

// Grace counts from the due time, not from the latest decline, so retries never stretch access.
function graceEnd(dueAt: Date, policy: BillingPolicy): Date {
  return new Date(dueAt.getTime() + policy.gracePeriodDays * 24 * HOUR_MS);
}

function assertAttemptNumber(attemptNumber: number): void {
  if (!Number.isSafeInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attemptNumber must be an integer of at least 1, got ${attemptNumber}`);
  }
}

function assertInstant(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

function assertNever(value: never): never {
  throw new RangeError(`Unknown charge outcome ${JSON.stringify(value)}`);
}
