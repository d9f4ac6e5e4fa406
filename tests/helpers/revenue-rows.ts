// Rows for revenue tests, written with the ORM: subscriptions with their billing periods, renewal
// attempts, checkout orders and refunds, in as few statements as possible. Ids get a prefix so
// several sets can live in one database.
import type { Db } from "@/lib/db/client";

export interface RevenueRows {
  subscriptions: Array<{
    id: string;
    interval: "MONTH" | "YEAR";
    amountMinor: number;
    anchorAt: Date;
    endedAt?: Date;
    canceledAt?: Date;
    status?: "ACTIVE" | "EXPIRED";
    currency?: string;
  }>;
  periods: Array<{
    subscriptionId: string;
    startsAt: Date;
    endsAt: Date;
    status?: "PAID" | "UNPAID";
  }>;
  attempts: Array<{
    status: "SUCCEEDED" | "DECLINED" | "REGKEY_DEAD" | "NOT_CHARGED";
    settledAt: Date;
    amountMinor: number;
    currency?: string;
  }>;
  orders: Array<{
    paidAt: Date;
    amountMinor: number;
    status: "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "FAILED";
    kind?: "ONE_TIME" | "RENEWAL";
    currency?: string;
  }>;
  refunds: Array<{
    settledAt: Date;
    amountMinor: number;
    orderIndex: number;
    status?: "SUCCEEDED" | "FAILED";
    currency?: string;
  }>;
}

export async function seedRevenueRows(db: Db, rows: RevenueRows, prefix: string): Promise<void> {
  const plan = await db.plan.findFirstOrThrow();
  const user = await db.user.create({ data: { email: `${prefix}@revenue.test` } });
  const id = (raw: string) => `${prefix}-${raw}`;
  const currencyOf = new Map(rows.subscriptions.map((s) => [s.id, s.currency ?? "TWD"]));
  await db.subscription.createMany({
    data: [
      ...rows.subscriptions.map((s) => ({
        id: id(s.id),
        userId: user.id,
        planId: plan.id,
        status: s.status ?? "ACTIVE",
        interval: s.interval,
        amountMinor: s.amountMinor,
        currency: s.currency ?? "TWD",
        anchorAt: s.anchorAt,
        endedAt: s.endedAt ?? null,
        canceledAt: s.canceledAt ?? null,
      })),
      // Holds the attempts' periods; never paid, so it counts nowhere.
      {
        id: id("holder"),
        userId: user.id,
        planId: plan.id,
        interval: "MONTH",
        amountMinor: 1,
        currency: "TWD",
      },
    ],
  });
  const nextIndex = new Map<string, number>();
  const indexFor = (subscriptionId: string) => {
    const index = nextIndex.get(subscriptionId) ?? 0;
    nextIndex.set(subscriptionId, index + 1);
    return index;
  };
  await db.billingPeriod.createMany({
    data: [
      ...rows.periods.map((p) => ({
        subscriptionId: id(p.subscriptionId),
        periodIndex: indexFor(p.subscriptionId),
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        amountMinor: 1,
        currency: currencyOf.get(p.subscriptionId) ?? "TWD",
        status: p.status ?? "PAID",
      })),
      ...rows.attempts.map((a, i) => ({
        id: id(`holder-period-${i}`),
        subscriptionId: id("holder"),
        periodIndex: i,
        startsAt: a.settledAt,
        endsAt: a.settledAt,
        amountMinor: a.amountMinor,
        currency: a.currency ?? "TWD",
        status: "UNPAID" as const,
      })),
    ],
  });
  await db.chargeAttempt.createMany({
    data: rows.attempts.map((a, i) => ({
      periodId: id(`holder-period-${i}`),
      attemptNumber: 1,
      orderId: id(`attempt-${i}`),
      status: a.status,
      amountMinor: a.amountMinor,
      currency: a.currency ?? "TWD",
      settledAt: a.settledAt,
    })),
  });
  await db.order.createMany({
    data: rows.orders.map((o, i) => ({
      id: id(`order-${i}`),
      orderId: id(`ORDER-${i}`).toUpperCase(),
      userId: user.id,
      planId: plan.id,
      kind: o.kind ?? "ONE_TIME",
      amountMinor: o.amountMinor,
      currency: o.currency ?? "TWD",
      status: o.status,
      paidAt: o.paidAt,
    })),
  });
  await db.refund.createMany({
    data: rows.refunds.map((r, i) => ({
      orderId: id(`order-${r.orderIndex}`),
      idempotencyKey: id(`refund-${i}`),
      amountMinor: r.amountMinor,
      currency: r.currency ?? "TWD",
      reason: "test",
      status: r.status ?? "SUCCEEDED",
      requestedBy: "admin@revenue.test",
      settledAt: r.settledAt,
    })),
  });
}
