// Revenue dashboard figures, computed from plain rows with the business time zone passed in.
// Definitions (shown on the dashboard too):
// - A subscription is active at an instant when one of its PAID billing periods covers it.
// - MRR at a month's end = the monthly value (yearly ÷ 12) of the subscriptions active then.
// - New in a month: first period started that month. Churned: ended (EXPIRED) that month, either
//   voluntary (someone cancelled) or failed payment (retries or re-bind ran out).
// - Renewal success rate: charged ÷ (charged + declined + regKey dead) of attempts settled that month.
// - Revenue per day: money captured (checkouts and renewals) minus refunds, by business day.
import { startOfLocalDay } from "./billing-period";

export interface Bucket {
  key: string; // "2026-11" or "2026-11-22"
  start: Date;
  end: Date;
}

const localDay = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);

/** The last `count` calendar months up to and including the one containing `now`, oldest first. */
export function monthBuckets(now: Date, count: number, timeZone: string): Bucket[] {
  const [year, month] = localDay(now, timeZone).split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const offset = count - 1 - i;
    const m = (((month - 1 - offset) % 12) + 12) % 12;
    const y = year + Math.floor((month - 1 - offset) / 12);
    const next = (m + 1) % 12;
    const nextYear = m === 11 ? y + 1 : y;
    const key = `${y}-${String(m + 1).padStart(2, "0")}`;
    return {
      key,
      start: startOfLocalDay(`${key}-01`, timeZone),
      end: startOfLocalDay(`${nextYear}-${String(next + 1).padStart(2, "0")}-01`, timeZone),
    };
  });
}

/** The last `count` business days up to and including today, oldest first. */
export function dayBuckets(now: Date, count: number, timeZone: string): Bucket[] {
  const today = startOfLocalDay(localDay(now, timeZone), timeZone);
  return Array.from({ length: count }, (_, i) => {
    // Noon-anchored stepping stays on the right day even across DST changes.
    const noon = new Date(today.getTime() - (count - 1 - i) * 86_400_000 + 12 * 3_600_000);
    const key = localDay(noon, timeZone);
    const start = startOfLocalDay(key, timeZone);
    const end = startOfLocalDay(
      localDay(new Date(noon.getTime() + 86_400_000), timeZone),
      timeZone,
    );
    return { key, start, end };
  });
}

export interface SubscriptionFacts {
  id: string;
  interval: "MONTH" | "YEAR";
  amountMinor: number;
  anchorAt: Date | null;
  endedAt: Date | null;
  canceledAt: Date | null;
  status: string;
}

export interface PaidPeriod {
  subscriptionId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface MonthlySubscriptionMetrics {
  month: string;
  mrrMinor: number;
  activeSubscribers: number;
  newSubscribers: number;
  churnedVoluntary: number;
  churnedFailedPayment: number;
}

const monthlyValue = (s: SubscriptionFacts) =>
  s.interval === "YEAR" ? Math.round(s.amountMinor / 12) : s.amountMinor;
const within = (at: Date | null, bucket: Bucket) =>
  at !== null && at >= bucket.start && at < bucket.end;

export function subscriptionMetricsByMonth(
  subscriptions: SubscriptionFacts[],
  paidPeriods: PaidPeriod[],
  months: Bucket[],
  now: Date,
): MonthlySubscriptionMetrics[] {
  const periodsBySubscription = new Map<string, PaidPeriod[]>();
  for (const period of paidPeriods) {
    const list = periodsBySubscription.get(period.subscriptionId) ?? [];
    list.push(period);
    periodsBySubscription.set(period.subscriptionId, list);
  }
  return months.map((month) => {
    // The current month is measured now; past months at their last instant.
    const at = month.end > now ? now : new Date(month.end.getTime() - 1);
    let mrrMinor = 0;
    let activeSubscribers = 0;
    let newSubscribers = 0;
    let churnedVoluntary = 0;
    let churnedFailedPayment = 0;
    for (const s of subscriptions) {
      const isActive =
        (periodsBySubscription.get(s.id) ?? []).some((p) => p.startsAt <= at && at < p.endsAt) &&
        !(s.endedAt && s.endedAt <= at);
      if (isActive) {
        activeSubscribers++;
        mrrMinor += monthlyValue(s);
      }
      if (within(s.anchorAt, month)) newSubscribers++;
      if (s.status === "EXPIRED" && s.anchorAt && within(s.endedAt, month)) {
        if (s.canceledAt) churnedVoluntary++;
        else churnedFailedPayment++;
      }
    }
    return {
      month: month.key,
      mrrMinor,
      activeSubscribers,
      newSubscribers,
      churnedVoluntary,
      churnedFailedPayment,
    };
  });
}

export interface SettledAttempt {
  status: string;
  settledAt: Date | null;
}

export interface RenewalSuccess {
  month: string;
  charged: number;
  failed: number;
  /** 0..1, or null when nothing was attempted that month. */
  rate: number | null;
}

export function renewalSuccessByMonth(
  attempts: SettledAttempt[],
  months: Bucket[],
): RenewalSuccess[] {
  return months.map((month) => {
    const settled = attempts.filter((a) => within(a.settledAt, month));
    const charged = settled.filter((a) => a.status === "SUCCEEDED").length;
    const failed = settled.filter(
      (a) => a.status === "DECLINED" || a.status === "REGKEY_DEAD",
    ).length;
    return {
      month: month.key,
      charged,
      failed,
      rate: charged + failed === 0 ? null : charged / (charged + failed),
    };
  });
}

export interface MoneyMovement {
  at: Date;
  amountMinor: number;
}

export interface DailyRevenue {
  day: string;
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
}

export function revenueByDay(
  captured: MoneyMovement[],
  refunded: MoneyMovement[],
  days: Bucket[],
): DailyRevenue[] {
  const sumIn = (moves: MoneyMovement[], bucket: Bucket) =>
    moves.reduce((sum, m) => (within(m.at, bucket) ? sum + m.amountMinor : sum), 0);
  return days.map((day) => {
    const grossMinor = sumIn(captured, day);
    const refundedMinor = sumIn(refunded, day);
    return { day: day.key, grossMinor, refundedMinor, netMinor: grossMinor - refundedMinor };
  });
}
