// The subscription state machine. Every status change goes through `assertSubscriptionTransition`,
// so an impossible move (say, EXPIRED back to ACTIVE without a new approval) is refused before
// anything is written.
import { AppError } from "@/lib/errors/app-error";

export const SUBSCRIPTION_STATUSES = [
  "INCOMPLETE", // created; the first payment (PREAPPROVED request + confirm) is not done yet
  "ACTIVE", // paid for the current period; renews with the regKey at the period end
  "PAST_DUE", // a renewal was declined; retries are scheduled and VIP lasts until the grace end
  "NEEDS_REBIND", // the regKey is dead; the shopper must approve a new one before the grace end
  "CANCELED", // shopper cancelled: VIP until the current period ends, no more charges
  "EXPIRED", // over for good; a new subscription is needed
] as const;

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const ALLOWED: Record<SubscriptionStatus, readonly SubscriptionStatus[]> = {
  INCOMPLETE: [
    "ACTIVE", // first period confirmed with LINE Pay
    "EXPIRED", // first payment cancelled, failed or abandoned
  ],
  ACTIVE: [
    "ACTIVE", // renewed: same status, new period
    "PAST_DUE", // renewal declined, regKey still usable
    "NEEDS_REBIND", // LINE Pay says the regKey can no longer be charged
    "CANCELED", // shopper cancelled at period end
    "EXPIRED", // cancelled immediately (e.g. by an admin), or declined with no retry configured
  ],
  PAST_DUE: [
    "ACTIVE", // a retry succeeded
    "PAST_DUE", // another decline, next retry scheduled
    "NEEDS_REBIND", // the regKey died during the retries
    // Cancelling while past due ends it right away: there is no paid period left to run out,
    // so CANCELED ("access until the paid period ends") would promise something unpaid.
    "EXPIRED", // retries exhausted, or cancelled
  ],
  NEEDS_REBIND: [
    "ACTIVE", // a new regKey was confirmed and the period paid
    "CANCELED", // cancelled while its period is still paid (the dead regKey was found ahead)
    "EXPIRED", // grace period over, or cancelled
  ],
  CANCELED: [
    "ACTIVE", // resumed before the period ended
    "EXPIRED", // the paid period ended
  ],
  EXPIRED: [],
};

export class IllegalSubscriptionTransitionError extends AppError {
  override name = "IllegalSubscriptionTransitionError";
  constructor(
    readonly from: SubscriptionStatus,
    readonly to: SubscriptionStatus,
  ) {
    super(`Subscription cannot move from ${from} to ${to}`, {
      status: 409,
      errorCode: "illegal_subscription_transition",
    });
  }
}

export function canTransitionSubscription(
  from: SubscriptionStatus,
  to: SubscriptionStatus,
): boolean {
  return ALLOWED[from].includes(to);
}

/** Throws IllegalSubscriptionTransitionError unless `from → to` is a legal move. */
export function assertSubscriptionTransition(
  from: SubscriptionStatus,
  to: SubscriptionStatus,
): void {
  if (!canTransitionSubscription(from, to)) throw new IllegalSubscriptionTransitionError(from, to);
}

/** The statuses the renewal engine may charge; every other status must never see a charge. */
export function isRenewingStatus(status: SubscriptionStatus): boolean {
  return status === "ACTIVE" || status === "PAST_DUE";
}
