// The rows the revenue rollup is computed from, read for a batch of subscriptions or orders, and
// their shares (lib/billing/revenue-shares.ts). Used by the refresh that runs inside every money
// move, and by the rebuild and the check that recompute the rollup from all rows.
import type { Kysely } from "kysely";
import type { DB as Database } from "./generated/kysely/postgres/database";
import {
  orderShares,
  subscriptionShares,
  type Coverage,
  type Share,
  type SubscriptionSource,
} from "@/lib/billing/revenue-shares";

/** Source ids in the rollup's tables: a subscription and an order may share a row id. */
export const subscriptionSourceId = (id: string) => `subscription:${id}`;
export const orderSourceId = (id: string) => `order:${id}`;

export interface SourceShares {
  sourceId: string;
  shares: Share[];
  /** Subscriptions only: their paid spans, by subscription row id. */
  coverage?: { subscriptionId: string; spans: Coverage[] };
}

const groupBy = <T, K>(rows: T[], keyOf: (row: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
};

export async function subscriptionSourceShares(
  q: Kysely<Database>,
  ids: string[],
): Promise<SourceShares[]> {
  if (ids.length === 0) return [];
  // One statement at a time: inside a transaction they share one connection.
  const subscriptions = await q
    .selectFrom("Subscription")
    .select(["id", "currency", "interval", "amountMinor", "status"])
    .select(["anchorAt", "endedAt", "canceledAt"])
    .where("id", "in", ids)
    .execute();
  const periods = await q
    .selectFrom("BillingPeriod")
    .select(["subscriptionId", "startsAt", "endsAt", "currency"])
    .where("subscriptionId", "in", ids)
    .where("status", "=", "PAID")
    .execute();
  const attempts = await q
    .selectFrom("ChargeAttempt as a")
    .innerJoin("BillingPeriod as p", "p.id", "a.periodId")
    .select(["p.subscriptionId", "a.status", "a.settledAt", "a.amountMinor", "a.currency"])
    .where("p.subscriptionId", "in", ids)
    .where("a.settledAt", "is not", null)
    .execute();
  const periodsOf = groupBy(periods, (p) => p.subscriptionId);
  const attemptsOf = groupBy(attempts, (a) => a.subscriptionId);
  const found = new Map(subscriptions.map((s) => [s.id, s]));
  return ids.map((id) => {
    const s = found.get(id);
    if (!s)
      return {
        sourceId: subscriptionSourceId(id),
        shares: [],
        coverage: { subscriptionId: id, spans: [] },
      };
    const source: SubscriptionSource = {
      ...s,
      paidPeriods: periodsOf.get(id) ?? [],
      attempts: (attemptsOf.get(id) ?? []).map((a) => ({ ...a, settledAt: a.settledAt! })),
    };
    const { shares, coverage } = subscriptionShares(source);
    return {
      sourceId: subscriptionSourceId(id),
      shares,
      coverage: { subscriptionId: id, spans: coverage },
    };
  });
}

export async function orderSourceShares(
  q: Kysely<Database>,
  ids: string[],
): Promise<SourceShares[]> {
  if (ids.length === 0) return [];
  const orders = await q
    .selectFrom("Order")
    .select(["id", "kind", "status", "paidAt", "amountMinor", "currency"])
    .where("id", "in", ids)
    .execute();
  const refunds = await q
    .selectFrom("Refund")
    .select(["orderId", "settledAt", "amountMinor", "currency"])
    .where("orderId", "in", ids)
    .where("status", "=", "SUCCEEDED")
    .where("settledAt", "is not", null)
    .execute();
  const refundsOf = groupBy(refunds, (r) => r.orderId);
  const found = new Map(orders.map((o) => [o.id, o]));
  return ids.map((id) => {
    const o = found.get(id);
    const shares = o
      ? orderShares({
          ...o,
          refunds: (refundsOf.get(id) ?? []).map((r) => ({ ...r, settledAt: r.settledAt! })),
        })
      : [];
    return { sourceId: orderSourceId(id), shares };
  });
}
