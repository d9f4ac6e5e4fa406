// Seed for the revenue benchmark, the same on SQLite and Postgres: N subscribers who joined over
// the last 13 months, each with a shopper, a subscription, its billing periods (paid, renewed by a
// charge attempt), its checkout order, some one-time orders, declines, cancellations and refunds.
// Rows are generated here (deterministic for a given N) and written with typed SQL in batches.
import { randomBytes } from "node:crypto";
import { sqlOf, type Db } from "@/lib/db/client";

const DAY = 86_400_000;
const HISTORY_DAYS = 395;
const BATCH = 500;

export interface RevenueSeedCounts {
  subscriptions: number;
  periods: number;
  attempts: number;
  orders: number;
  refunds: number;
}

/** A small deterministic generator (Park–Miller), so two runs of one N seed the same shape. */
function generator(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

export async function seedRevenue(
  db: Db,
  subscribers: number,
  now: Date,
): Promise<RevenueSeedCounts> {
  const q = sqlOf(db);
  const random = generator(20_261_203);
  const plans = await db.plan.findMany({ where: { currency: "TWD" }, orderBy: { code: "asc" } });
  const monthly = plans.find((p) => p.billingInterval === "MONTH") ?? plans[0]!;
  const yearly = plans.find((p) => p.billingInterval === "YEAR") ?? monthly;
  const run = randomBytes(3).toString("hex");
  const id = (kind: string, i: number | string) => `bench${run}${kind}${i}`;
  const users: Array<Record<string, unknown>> = [];
  const subscriptions: Array<Record<string, unknown>> = [];
  const periods: Array<Record<string, unknown>> = [];
  const attempts: Array<Record<string, unknown>> = [];
  const orders: Array<Record<string, unknown>> = [];
  const refunds: Array<Record<string, unknown>> = [];
  const addOrder = (
    i: string,
    userId: string,
    planId: string,
    amount: number,
    at: Date,
    kind: string,
  ) => {
    const orderId = id("o", i);
    orders.push({
      id: orderId,
      orderId: id("O", i).toUpperCase(),
      userId,
      planId,
      kind,
      amountMinor: amount,
      currency: "TWD",
      status: random() < 0.02 ? "REFUNDED" : "PAID",
      refundedMinor: 0,
      paidAt: at,
      createdAt: at,
      updatedAt: at,
    });
    if (orders.at(-1)!.status === "REFUNDED") {
      orders.at(-1)!.refundedMinor = amount;
      const settledAt = new Date(at.getTime() + random() * 5 * DAY);
      refunds.push({
        id: id("r", i),
        orderId,
        idempotencyKey: id("rk", i),
        amountMinor: amount,
        currency: "TWD",
        reason: "bench",
        status: "SUCCEEDED",
        requestedBy: "bench",
        createdAt: settledAt,
        settledAt,
      });
    }
  };
  for (let i = 0; i < subscribers; i++) {
    const userId = id("u", i);
    const anchor = new Date(now.getTime() - random() * HISTORY_DAYS * DAY);
    users.push({ id: userId, email: `${userId}@bench.test`, createdAt: anchor, updatedAt: anchor });
    const isYearly = random() < 0.2;
    const plan = isYearly ? yearly : monthly;
    const length = (isYearly ? 365 : 30) * DAY;
    const subscriptionId = id("s", i);
    // Each renewal: 3 % stop (half cancelled, half declined), the rest are charged.
    let startsAt = anchor;
    let index = 0;
    let ending: "canceled" | "declined" | null = null;
    for (;;) {
      const endsAt = new Date(startsAt.getTime() + length);
      const periodId = id("p", `${i}x${index}`);
      periods.push({
        id: periodId,
        subscriptionId,
        periodIndex: index,
        startsAt,
        endsAt,
        amountMinor: plan.priceMinor,
        currency: "TWD",
        status: "PAID",
        paidAt: startsAt,
        createdAt: startsAt,
        updatedAt: startsAt,
      });
      if (index > 0)
        attempts.push({
          id: id("a", `${i}x${index}`),
          periodId,
          attemptNumber: 1,
          orderId: id("A", `${i}x${index}`),
          status: "SUCCEEDED",
          amountMinor: plan.priceMinor,
          currency: "TWD",
          settledAt: startsAt,
          createdAt: startsAt,
          updatedAt: startsAt,
        });
      index++;
      startsAt = endsAt;
      if (endsAt > now) break;
      const roll = random();
      if (roll < 0.015) ending = "canceled";
      else if (roll < 0.03) ending = "declined";
      if (ending) break;
    }
    if (ending === "declined") {
      const periodId = id("p", `${i}x${index}`);
      periods.push({
        id: periodId,
        subscriptionId,
        periodIndex: index,
        startsAt,
        endsAt: new Date(startsAt.getTime() + length),
        amountMinor: plan.priceMinor,
        currency: "TWD",
        status: "UNPAID",
        createdAt: startsAt,
        updatedAt: startsAt,
      });
      attempts.push({
        id: id("a", `${i}x${index}`),
        periodId,
        attemptNumber: 1,
        orderId: id("A", `${i}x${index}`),
        status: "DECLINED",
        amountMinor: plan.priceMinor,
        currency: "TWD",
        settledAt: startsAt,
        createdAt: startsAt,
        updatedAt: startsAt,
      });
    }
    subscriptions.push({
      id: subscriptionId,
      userId,
      planId: plan.id,
      status: ending ? "EXPIRED" : "ACTIVE",
      interval: isYearly ? "YEAR" : "MONTH",
      amountMinor: plan.priceMinor,
      currency: "TWD",
      anchorAt: anchor,
      canceledAt: ending === "canceled" ? new Date(startsAt.getTime() - 10 * DAY) : null,
      endedAt: ending ? startsAt : null,
      createdAt: anchor,
      updatedAt: anchor,
    });
    addOrder(`s${i}`, userId, plan.id, plan.priceMinor, anchor, "SUBSCRIPTION_START");
    if (random() < 0.25) {
      const at = new Date(now.getTime() - random() * HISTORY_DAYS * DAY);
      addOrder(`t${i}`, userId, (plans[0] ?? plan).id, 300, at, "ONE_TIME");
    }
  }
  const insert = async (
    table: "User" | "Subscription" | "BillingPeriod" | "ChargeAttempt" | "Order" | "Refund",
    rows: Array<Record<string, unknown>>,
  ) => {
    for (let at = 0; at < rows.length; at += BATCH)
      // The rows are built above with each table's columns; the builder cannot follow a table chosen at run time.
      await q
        .insertInto(table)
        .values(rows.slice(at, at + BATCH) as never)
        .execute();
  };
  await insert("User", users);
  await insert("Subscription", subscriptions);
  await insert("BillingPeriod", periods);
  await insert("ChargeAttempt", attempts);
  await insert("Order", orders);
  await insert("Refund", refunds);
  return {
    subscriptions: subscriptions.length,
    periods: periods.length,
    attempts: attempts.length,
    orders: orders.length,
    refunds: refunds.length,
  };
}
