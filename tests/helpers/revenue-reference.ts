// The revenue figures computed in JavaScript from plain rows: the dashboard's definitions
// (lib/billing/revenue-metrics.ts) spelled out row by row. The app computes them in the database
// (lib/db/revenue-repository.ts reads a rollup, lib/db/revenue-recompute.ts recomputes from rows);
// tests use this as the reference both must agree with.
import type {
  Bucket,
  DailyRevenue,
  MonthlySubscriptionMetrics,
  RenewalSuccess,
} from "@/lib/billing/revenue-metrics";
import { monthInstants } from "@/lib/billing/revenue-metrics";

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
  const instants = monthInstants(months, now);
  return months.map((month, i) => {
    const at = instants[i]!;
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
