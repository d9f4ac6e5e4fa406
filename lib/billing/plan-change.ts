// Plan changes of a subscription, as plain data with the clock passed in. An upgrade (a longer
// interval, or the same interval at a higher price) takes effect now: the unused part of the paid
// period is credited against the new plan's price and a new period starts now. A downgrade takes
// effect at the end of the paid period: the renewal that opens the next period charges the new
// plan's price on its interval.
import { periodStart, type BillingInterval } from "./billing-period";

export type PlanChangeKind = "upgrade" | "downgrade";

export interface PlanTerms {
  priceMinor: number;
  currency: string;
  interval: BillingInterval;
}

const MONTHS: Record<BillingInterval, number> = { MONTH: 1, YEAR: 12 };

/** Upgrade, downgrade, or null when the target costs and renews exactly like the current plan. */
export function classifyPlanChange(from: PlanTerms, to: PlanTerms): PlanChangeKind | null {
  const months = MONTHS[to.interval] - MONTHS[from.interval];
  if (months !== 0) return months > 0 ? "upgrade" : "downgrade";
  if (to.priceMinor === from.priceMinor) return null;
  return to.priceMinor > from.priceMinor ? "upgrade" : "downgrade";
}

export interface PaidPeriod {
  startsAt: Date;
  endsAt: Date;
  /** What the shopper paid for this period. */
  amountMinor: number;
  currency: string;
}

export type UpgradeQuote =
  | {
      kind: "charge_now";
      /** The unused part of the paid period, rounded up to the currency's smallest unit. */
      creditMinor: number;
      /** The new plan's price less the credit: what is charged at confirmation. */
      chargeMinor: number;
      currency: string;
      newPeriod: { startsAt: Date; endsAt: Date };
      /** The first renewal on the new plan: the new period's end, at the plan's full price. */
      nextRenewal: { at: Date; amountMinor: number };
    }
  /** The credit pays the whole new price (nothing to charge): the change waits for the period end. */
  | { kind: "credit_covers_price"; creditMinor: number; currency: string }
  /** The paid period is over: the renewal is due, there is nothing left to credit. */
  | { kind: "period_over" };

/**
 * The credit for the part of `period` not used at `now`: amount × remaining ÷ length, rounded up
 * (in the shopper's favour) to the currency's smallest unit (a whole NT$ for TWD). Exact integer
 * arithmetic, so no floating-point rounding can cost the shopper a dollar.
 */
export function unusedCredit(period: PaidPeriod, now: Date): number {
  const length = BigInt(period.endsAt.getTime() - period.startsAt.getTime());
  if (length <= 0n) throw new RangeError("A paid period must end after it starts");
  if (!Number.isSafeInteger(period.amountMinor) || period.amountMinor < 0)
    throw new RangeError("A paid amount must be a non-negative integer");
  const remainingMs = Math.min(
    Math.max(period.endsAt.getTime() - now.getTime(), 0),
    period.endsAt.getTime() - period.startsAt.getTime(),
  );
  const remaining = BigInt(remainingMs);
  const numerator = BigInt(period.amountMinor) * remaining;
  return Number((numerator + length - 1n) / length);
}

/** What an upgrade at `now` costs and gives, shown to the shopper before they confirm it. */
export function quoteUpgrade(input: {
  current: PaidPeriod;
  target: PlanTerms;
  now: Date;
  timeZone: string;
}): UpgradeQuote {
  const { current, target, now } = input;
  if (current.currency !== target.currency)
    throw new RangeError(`Cannot credit ${current.currency} against a ${target.currency} price`);
  if (now.getTime() >= current.endsAt.getTime()) return { kind: "period_over" };
  const creditMinor = unusedCredit(current, now);
  if (creditMinor >= target.priceMinor)
    return { kind: "credit_covers_price", creditMinor, currency: target.currency };
  const endsAt = periodStart(now, target.interval, 1, input.timeZone);
  return {
    kind: "charge_now",
    creditMinor,
    chargeMinor: target.priceMinor - creditMinor,
    currency: target.currency,
    newPeriod: { startsAt: new Date(now.getTime()), endsAt },
    nextRenewal: { at: endsAt, amountMinor: target.priceMinor },
  };
}

/** A subscription's plan terms, and the downgrade waiting for the period end if there is one. */
export interface RenewalTerms {
  amountMinor: number;
  interval: BillingInterval;
  pendingPlanId: string | null;
  pendingAmountMinor: number | null;
  pendingInterval: BillingInterval | null;
}

/**
 * The price and interval the next period is charged on: the pending plan's when a downgrade waits
 * (it takes effect with that period, re-anchored at its start), else the current plan's.
 */
export function termsForNextPeriod(subscription: RenewalTerms): {
  amountMinor: number;
  interval: BillingInterval;
  isPlanChange: boolean;
} {
  if (
    subscription.pendingPlanId !== null &&
    subscription.pendingAmountMinor !== null &&
    subscription.pendingInterval !== null
  ) {
    return {
      amountMinor: subscription.pendingAmountMinor,
      interval: subscription.pendingInterval,
      isPlanChange: true,
    };
  }
  return {
    amountMinor: subscription.amountMinor,
    interval: subscription.interval,
    isPlanChange: false,
  };
}
