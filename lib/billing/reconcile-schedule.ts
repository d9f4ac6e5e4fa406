// When the reconciliation job looks at an open order again, and when it gives up and asks a human.
// LINE Pay sends no webhooks, so these checks are the only way a closed tab or a lost answer is
// ever noticed. Pure: time is passed in.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface ReconcileSchedule {
  /** How old a PENDING order must be before we ask LINE Pay about it (the shopper may still be on the payment page). */
  pendingFirstCheckAfterMs: number;
  /**
   * How long an order may sit in CONFIRMING (or a renewal charge in flight) before we assume the
   * process that held it died. Longer than LINE Pay's slowest answer (confirm, pay preapproved: 40 s).
   */
  inFlightStaleAfterMs: number;
  /** Wait after the n-th check that did not settle the order (the last value repeats). */
  backoffMs: readonly number[];
  /** Checks without a settlement after which the order is flagged for a human. */
  flagAfterChecks: number;
  /** How long one reconciler holds an order while it talks to LINE Pay. */
  leaseMs: number;
}

/** 5 minutes, 1 hour, then daily; after three daily checks (about three days) a human looks. */
export const DEFAULT_RECONCILE_SCHEDULE: ReconcileSchedule = {
  pendingFirstCheckAfterMs: 5 * MINUTE,
  inFlightStaleAfterMs: 2 * MINUTE,
  backoffMs: [5 * MINUTE, HOUR, DAY],
  flagAfterChecks: 6,
  leaseMs: 2 * MINUTE,
};

export type AfterUnsettledCheck = { kind: "check_again"; at: Date } | { kind: "flag" };

/** What to do after the `checksSoFar`-th check (1-based) left the order open. */
export function afterUnsettledCheck(
  checksSoFar: number,
  now: Date,
  schedule: ReconcileSchedule = DEFAULT_RECONCILE_SCHEDULE,
): AfterUnsettledCheck {
  if (!Number.isInteger(checksSoFar) || checksSoFar < 1)
    throw new RangeError(`checksSoFar must be a positive integer, got ${checksSoFar}`);
  if (checksSoFar >= schedule.flagAfterChecks) return { kind: "flag" };
  const wait = schedule.backoffMs[
    Math.min(checksSoFar - 1, schedule.backoffMs.length - 1)
  ] as number;
  return { kind: "check_again", at: new Date(now.getTime() + wait) };
}
