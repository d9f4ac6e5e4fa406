// What one subscription or one order adds to the revenue rollup, per currency and business day: the
// dashboard's definitions (lib/billing/revenue-metrics.ts) applied to one source's own rows. The
// rollup (lib/db/revenue-rollup.ts) stores each source's shares, so a change to the source takes
// back exactly what it added before and adds what it adds now.
import { DEFAULT_BILLING_POLICY } from "./billing-policy";
import { MONEY_TAKEN_STATUSES, type OrderStatus } from "./order-status";
import { localDay } from "./revenue-metrics";

/** The rollup's days are calendar days in the billing time zone, as the dashboard shows them. */
export const ROLLUP_TIME_ZONE = DEFAULT_BILLING_POLICY.timeZone;

export const SHARE_COUNTERS = [
  "grossMinor",
  "refundedMinor",
  "renewalsCharged",
  "renewalsFailed",
  "newSubscribers",
  "churnedVoluntary",
  "churnedFailed",
  "activeDelta",
  "mrrDeltaMinor",
] as const;

export type ShareCounter = (typeof SHARE_COUNTERS)[number];
export type ShareCounters = Record<ShareCounter, number>;
export type Share = { currency: string; day: string } & ShareCounters;

/** A span of paid time: active from startsAt (inclusive) until endsAt (exclusive). */
export interface Coverage {
  currency: string;
  startsAt: Date;
  endsAt: Date;
  monthlyValueMinor: number;
}

export interface SubscriptionSource {
  currency: string;
  interval: string;
  amountMinor: number;
  status: string;
  anchorAt: Date | null;
  endedAt: Date | null;
  canceledAt: Date | null;
  /** Its PAID billing periods. */
  paidPeriods: Array<{ startsAt: Date; endsAt: Date; currency: string }>;
  /** Its settled charge attempts. */
  attempts: Array<{ status: string; settledAt: Date; amountMinor: number; currency: string }>;
}

export interface OrderSource {
  kind: string;
  status: OrderStatus;
  paidAt: Date | null;
  amountMinor: number;
  currency: string;
  /** Its SUCCEEDED refunds. */
  refunds: Array<{ settledAt: Date; amountMinor: number; currency: string }>;
}

export const emptyCounters = (): ShareCounters =>
  Object.fromEntries(SHARE_COUNTERS.map((c) => [c, 0])) as ShareCounters;

/** Adds to per-(currency, day) counters; the result has no all-zero rows. */
class ShareSheet {
  private readonly rows = new Map<string, Share>();
  add(currency: string, at: Date, counter: ShareCounter, value: number) {
    const day = localDay(at, ROLLUP_TIME_ZONE);
    const key = `${currency}\u0000${day}`;
    const row = this.rows.get(key) ?? { currency, day, ...emptyCounters() };
    row[counter] += value;
    this.rows.set(key, row);
  }
  shares(): Share[] {
    return [...this.rows.values()].filter((row) => SHARE_COUNTERS.some((c) => row[c] !== 0));
  }
}

/** Yearly plans count for a twelfth of their price, rounded half up (as the SQL figures do). */
export const monthlyValueOf = (interval: string, amountMinor: number) =>
  interval === "YEAR" ? Math.floor((amountMinor * 2 + 12) / 24) : amountMinor;

/**
 * Paid time: the PAID periods in the subscription's currency joined where they touch or overlap
 * (a subscriber counts once), cut at the subscription's end. None before its first payment.
 */
export function coverageOf(s: SubscriptionSource): Coverage[] {
  if (!s.anchorAt) return [];
  const periods = s.paidPeriods
    .filter((p) => p.currency === s.currency)
    .map((p) => ({
      startsAt: p.startsAt,
      endsAt: s.endedAt && s.endedAt < p.endsAt ? s.endedAt : p.endsAt,
    }))
    .filter((p) => p.startsAt < p.endsAt)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const spans: Array<{ startsAt: Date; endsAt: Date }> = [];
  for (const period of periods) {
    const last = spans.at(-1);
    if (last && period.startsAt <= last.endsAt) {
      if (period.endsAt > last.endsAt) last.endsAt = period.endsAt;
    } else spans.push({ ...period });
  }
  const monthlyValueMinor = monthlyValueOf(s.interval, s.amountMinor);
  return spans.map((span) => ({ currency: s.currency, ...span, monthlyValueMinor }));
}

export function subscriptionShares(s: SubscriptionSource): {
  shares: Share[];
  coverage: Coverage[];
} {
  const sheet = new ShareSheet();
  if (s.anchorAt) sheet.add(s.currency, s.anchorAt, "newSubscribers", 1);
  if (s.status === "EXPIRED" && s.anchorAt && s.endedAt)
    sheet.add(s.currency, s.endedAt, s.canceledAt ? "churnedVoluntary" : "churnedFailed", 1);
  const coverage = coverageOf(s);
  for (const span of coverage) {
    sheet.add(span.currency, span.startsAt, "activeDelta", 1);
    sheet.add(span.currency, span.startsAt, "mrrDeltaMinor", span.monthlyValueMinor);
    sheet.add(span.currency, span.endsAt, "activeDelta", -1);
    sheet.add(span.currency, span.endsAt, "mrrDeltaMinor", -span.monthlyValueMinor);
  }
  for (const a of s.attempts) {
    if (a.status === "SUCCEEDED") {
      sheet.add(a.currency, a.settledAt, "renewalsCharged", 1);
      sheet.add(a.currency, a.settledAt, "grossMinor", a.amountMinor);
    } else if (a.status === "DECLINED" || a.status === "REGKEY_DEAD")
      sheet.add(a.currency, a.settledAt, "renewalsFailed", 1);
  }
  return { shares: sheet.shares(), coverage };
}

/**
 * Checkout orders count when their money was taken, on the day it was paid (renewal orders are
 * counted from their charge attempts); refunds of any order on the day they settled.
 */
export function orderShares(o: OrderSource): Share[] {
  const sheet = new ShareSheet();
  const isTaken = (MONEY_TAKEN_STATUSES as readonly string[]).includes(o.status);
  if (o.kind !== "RENEWAL" && isTaken && o.paidAt)
    sheet.add(o.currency, o.paidAt, "grossMinor", o.amountMinor);
  for (const r of o.refunds) sheet.add(r.currency, r.settledAt, "refundedMinor", r.amountMinor);
  return sheet.shares();
}
