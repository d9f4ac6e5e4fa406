// Whether a subscription gives VIP right now. Access is read from dates, not from the status
// alone, so a subscription the renewal engine has not visited yet still stops at its end.

import type { SubscriptionStatus } from "./subscription-status";

export function subscriptionGrantsAccess(
  s: { status: SubscriptionStatus; currentPeriodEnd: Date | null; graceUntil: Date | null },
  now: Date,
): boolean {
  switch (s.status) {
    case "ACTIVE":
    case "CANCELED":
      return isBefore(now, s.currentPeriodEnd);
    case "PAST_DUE":
    case "NEEDS_REBIND":
      // Whichever is later: a subscriber is never cut off before the period they paid for ends,
      // even if grace was computed short.
      return isBefore(now, s.graceUntil) || isBefore(now, s.currentPeriodEnd);
    case "INCOMPLETE":
    case "EXPIRED":
      return false;
    default:
      return assertNever(s.status);
  }
}

function isBefore(now: Date, end: Date | null): boolean {
  return end !== null && now.getTime() < end.getTime();
}

function assertNever(status: never): never {
  throw new RangeError(`Unknown subscription status ${String(status)}`);
}
