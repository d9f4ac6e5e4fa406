// The revenue dashboard's figures for one currency recomputed from the raw rows: each figure is one
// aggregate over an indexed date range of the months or days shown (see the revenue indexes in
// prisma/schema.source.prisma). The dashboard reads the rollup (lib/db/revenue-repository.ts);
// this is the independent recomputation the tests and the benchmark compare its figures with.
// Definitions: lib/billing/revenue-metrics.ts. The bucket boundaries come in as instants computed
// in the business time zone, so the same SQL serves SQLite and Postgres.
import { sql, type Expression, type RawBuilder } from "kysely";
import { sqlOf, type Db } from "./client";
import { activeByMonth } from "./revenue-active-subscribers";
import { inTurn, toNumber } from "./in-turn";
import {
  monthInstants,
  type Bucket,
  type DailyRevenue,
  type MonthlySubscriptionMetrics,
  type RenewalSuccess,
} from "@/lib/billing/revenue-metrics";
import { MONEY_TAKEN_STATUSES } from "@/lib/billing/order-status";

export interface RevenueFigures {
  monthly: MonthlySubscriptionMetrics[];
  renewals: RenewalSuccess[];
  daily: DailyRevenue[];
}

export async function recomputeRevenueFigures(
  db: Db,
  input: { currency: string; months: Bucket[]; days: Bucket[]; now: Date },
): Promise<RevenueFigures> {
  const { currency, months, days, now } = input;
  const [active, starts, churn, renewals, daily] = await inTurn(db, [
    () => activeByMonth(db, currency, monthInstants(months, now)),
    () => newByMonth(db, currency, months),
    () => churnByMonth(db, currency, months),
    () => renewalSuccessByMonth(db, currency, months),
    () => revenueByDay(db, currency, days),
  ] as const);
  return {
    monthly: months.map((month, i) => ({
      month: month.key,
      mrrMinor: active[i]!.mrrMinor,
      activeSubscribers: active[i]!.count,
      newSubscribers: starts.get(i) ?? 0,
      churnedVoluntary: churn.get(i)?.voluntary ?? 0,
      churnedFailedPayment: churn.get(i)?.failed ?? 0,
    })),
    renewals,
    daily,
  };
}

/**
 * Which bucket `at` falls in, as the bucket's index. Buckets are contiguous and oldest first; the
 * caller's WHERE keeps `at` inside [first start, last end).
 */
function bucketOf(at: Expression<Date | null>, buckets: Bucket[]): RawBuilder<number> {
  const branches = buckets.map((b, i) => sql`when ${at} < ${b.end} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(branches, sql` `)} end`;
}

const windowOf = (buckets: Bucket[]) => ({
  from: buckets[0]!.start,
  to: buckets.at(-1)!.end,
});

/** Subscriptions whose first period started in each month, by bucket index. */
async function newByMonth(db: Db, currency: string, months: Bucket[]) {
  const { from, to } = windowOf(months);
  const q = sqlOf(db);
  const rows = await q
    .selectFrom(
      q
        .selectFrom("Subscription as s")
        .select(bucketOf(sql.ref("s.anchorAt"), months).as("bucket"))
        .where("s.currency", "=", currency)
        .where("s.anchorAt", ">=", from)
        .where("s.anchorAt", "<", to)
        .as("t"),
    )
    .select(["t.bucket", (eb) => eb.fn.countAll<number>().as("count")])
    .groupBy("t.bucket")
    .execute();
  return new Map(rows.map((r) => [toNumber(r.bucket), toNumber(r.count)]));
}

/** Subscriptions that ended (EXPIRED) in each month: cancelled by someone, or failed payment. */
async function churnByMonth(db: Db, currency: string, months: Bucket[]) {
  const { from, to } = windowOf(months);
  const q = sqlOf(db);
  const rows = await q
    .selectFrom(
      q
        .selectFrom("Subscription as s")
        .select([
          bucketOf(sql.ref("s.endedAt"), months).as("bucket"),
          sql<number>`case when ${sql.ref("s.canceledAt")} is null then 0 else 1 end`.as(
            "isVoluntary",
          ),
        ])
        .where("s.currency", "=", currency)
        .where("s.endedAt", ">=", from)
        .where("s.endedAt", "<", to)
        .where("s.status", "=", "EXPIRED")
        .where("s.anchorAt", "is not", null)
        .as("t"),
    )
    .select((eb) => [
      "t.bucket",
      eb.fn.countAll<number>().as("count"),
      eb.fn.sum<number>("t.isVoluntary").as("voluntary"),
    ])
    .groupBy("t.bucket")
    .execute();
  return new Map(
    rows.map((r) => {
      const voluntary = toNumber(r.voluntary);
      return [toNumber(r.bucket), { voluntary, failed: toNumber(r.count) - voluntary }];
    }),
  );
}

/** Renewal attempts settled in each month: charged vs declined or regKey dead. */
async function renewalSuccessByMonth(
  db: Db,
  currency: string,
  months: Bucket[],
): Promise<RenewalSuccess[]> {
  const { from, to } = windowOf(months);
  const q = sqlOf(db);
  const rows = await q
    .selectFrom(
      q
        .selectFrom("ChargeAttempt as a")
        .select((eb) => [
          bucketOf(sql.ref("a.settledAt"), months).as("bucket"),
          eb.case().when("a.status", "=", "SUCCEEDED").then(1).else(0).end().as("isCharged"),
          eb
            .case()
            .when("a.status", "in", ["DECLINED", "REGKEY_DEAD"])
            .then(1)
            .else(0)
            .end()
            .as("isFailed"),
        ])
        .where("a.currency", "=", currency)
        .where("a.settledAt", ">=", from)
        .where("a.settledAt", "<", to)
        .as("t"),
    )
    .select((eb) => [
      "t.bucket",
      eb.fn.sum<number>("t.isCharged").as("charged"),
      eb.fn.sum<number>("t.isFailed").as("failed"),
    ])
    .groupBy("t.bucket")
    .execute();
  const byBucket = new Map(rows.map((r) => [toNumber(r.bucket), r]));
  return months.map((month, i) => {
    const charged = toNumber(byBucket.get(i)?.charged);
    const failed = toNumber(byBucket.get(i)?.failed);
    return {
      month: month.key,
      charged,
      failed,
      rate: charged + failed === 0 ? null : charged / (charged + failed),
    };
  });
}

/**
 * Money captured (checkout orders by their paidAt, renewal charges by their attempt's settledAt)
 * minus refunds settled, per business day.
 */
async function revenueByDay(db: Db, currency: string, days: Bucket[]): Promise<DailyRevenue[]> {
  const { from, to } = windowOf(days);
  const q = sqlOf(db);
  const isIn = sql<number>`0`.as("isRefund");
  const isOut = sql<number>`1`.as("isRefund");
  // Checkout orders (one-time, subscribe, re-bind); renewal charges are counted from their attempts.
  const orders = q
    .selectFrom("Order as o")
    .select([bucketOf(sql.ref("o.paidAt"), days).as("bucket"), "o.amountMinor", isIn])
    .where("o.currency", "=", currency)
    .where("o.kind", "!=", "RENEWAL")
    .where("o.status", "in", MONEY_TAKEN_STATUSES)
    .where("o.paidAt", ">=", from)
    .where("o.paidAt", "<", to);
  const charges = q
    .selectFrom("ChargeAttempt as a")
    .select([bucketOf(sql.ref("a.settledAt"), days).as("bucket"), "a.amountMinor", isIn])
    .where("a.currency", "=", currency)
    .where("a.status", "=", "SUCCEEDED")
    .where("a.settledAt", ">=", from)
    .where("a.settledAt", "<", to);
  const refunds = q
    .selectFrom("Refund as r")
    .select([bucketOf(sql.ref("r.settledAt"), days).as("bucket"), "r.amountMinor", isOut])
    .where("r.currency", "=", currency)
    .where("r.status", "=", "SUCCEEDED")
    .where("r.settledAt", ">=", from)
    .where("r.settledAt", "<", to);
  const rows = await q
    .selectFrom(orders.unionAll(charges).unionAll(refunds).as("t"))
    .select((eb) => ["t.bucket", "t.isRefund", eb.fn.sum<number>("t.amountMinor").as("amount")])
    .groupBy(["t.bucket", "t.isRefund"])
    .execute();
  const sumOf = (bucket: number, isRefund: number) =>
    toNumber(
      rows.find((r) => toNumber(r.bucket) === bucket && toNumber(r.isRefund) === isRefund)?.amount,
    );
  return days.map((day, i) => {
    const grossMinor = sumOf(i, 0);
    const refundedMinor = sumOf(i, 1);
    return { day: day.key, grossMinor, refundedMinor, netMinor: grossMinor - refundedMinor };
  });
}
