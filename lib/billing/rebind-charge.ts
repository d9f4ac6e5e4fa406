// What "Approve LINE Pay again" charges: the period after the current one, at the subscription's
// price, charged at once when the shopper approves. The account page shows it before the shopper
// approves and the confirm pays exactly it (lib/subscriptions/order-fulfilment.ts), so what was
// shown and what is charged cannot disagree, and a period already paid is never the one charged.
import { scheduledPeriodBounds, type PeriodSchedule } from "./billing-period";
import type { PurchasedPeriod } from "./order-purchase";

export interface RebindSubject extends Omit<PeriodSchedule, "anchorAt"> {
  id: string;
  anchorAt: Date | null;
  currentPeriodIndex: number;
  amountMinor: number;
  currency: string;
}

/** The period a re-approval pays; null before the first period was ever paid (nothing to re-bind). */
export function rebindChargeOf(
  subscription: RebindSubject,
  timeZone: string,
): PurchasedPeriod | null {
  const { anchorAt } = subscription;
  if (!anchorAt) return null;
  const periodIndex = subscription.currentPeriodIndex + 1;
  const bounds = scheduledPeriodBounds({ ...subscription, anchorAt }, periodIndex, timeZone);
  return {
    subscriptionId: subscription.id,
    periodIndex,
    ...bounds,
    amountMinor: subscription.amountMinor,
    currency: subscription.currency,
  };
}
