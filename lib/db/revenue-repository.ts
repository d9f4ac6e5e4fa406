// The rows the revenue dashboard is computed from, for one currency and a time window: only the
// columns the figures need, so a long window stays light.
import type { Db } from "./client";
import type {
  MoneyMovement,
  PaidPeriod,
  SettledAttempt,
  SubscriptionFacts,
} from "@/lib/billing/revenue-metrics";

export interface RevenueInputs {
  subscriptions: SubscriptionFacts[];
  paidPeriods: PaidPeriod[];
  attempts: SettledAttempt[];
  captured: MoneyMovement[];
  refunded: MoneyMovement[];
}

export async function loadRevenueInputs(
  db: Db,
  input: { currency: string; monthsSince: Date; daysSince: Date },
): Promise<RevenueInputs> {
  const { currency, monthsSince, daysSince } = input;
  const [subscriptions, paidPeriods, attempts, orders, renewals, refunds] = await Promise.all([
    db.subscription.findMany({
      where: {
        currency,
        anchorAt: { not: null },
        OR: [{ endedAt: null }, { endedAt: { gte: monthsSince } }],
      },
      select: {
        id: true,
        interval: true,
        amountMinor: true,
        anchorAt: true,
        endedAt: true,
        canceledAt: true,
        status: true,
      },
    }),
    db.billingPeriod.findMany({
      where: { currency, status: "PAID", endsAt: { gte: monthsSince } },
      select: { subscriptionId: true, startsAt: true, endsAt: true },
    }),
    db.chargeAttempt.findMany({
      where: { currency, settledAt: { gte: monthsSince } },
      select: { status: true, settledAt: true },
    }),
    // Checkout orders (one-time, subscribe, re-bind); renewal charges are counted from their attempts.
    db.order.findMany({
      where: {
        currency,
        kind: { not: "RENEWAL" },
        paidAt: { gte: daysSince },
        status: { in: ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"] },
      },
      select: { paidAt: true, amountMinor: true },
    }),
    db.chargeAttempt.findMany({
      where: { currency, status: "SUCCEEDED", settledAt: { gte: daysSince } },
      select: { settledAt: true, amountMinor: true },
    }),
    db.refund.findMany({
      where: { currency, status: "SUCCEEDED", settledAt: { gte: daysSince } },
      select: { settledAt: true, amountMinor: true },
    }),
  ]);
  return {
    subscriptions,
    paidPeriods,
    attempts,
    captured: [
      ...orders.map((o) => ({ at: o.paidAt!, amountMinor: o.amountMinor })),
      ...renewals.map((r) => ({ at: r.settledAt!, amountMinor: r.amountMinor })),
    ],
    refunded: refunds.map((r) => ({ at: r.settledAt!, amountMinor: r.amountMinor })),
  };
}
