// The revenue dashboard's figures for one currency, read from the rollup (lib/db/revenue-rollup.ts):
// one row per business day of history, whatever the number of subscriptions, periods and orders,
// so the page costs the same at 2,000 or 200,000 subscribers. Months and days are the rollup's
// business days (ROLLUP_TIME_ZONE); the figures equal the recomputation from raw rows
// (lib/db/revenue-recompute.ts), which the rollup check and the tests compare them with.
import { sql } from "kysely";
import { sqlOf, type Db } from "./client";
import { foldPendingRollups } from "./rollup-queue";
import { toNumber } from "./in-turn";
import { startOfLocalDay } from "@/lib/billing/billing-period";
import {
  localDay,
  monthInstants,
  type Bucket,
  type RenewalSuccess,
} from "@/lib/billing/revenue-metrics";
import { ROLLUP_TIME_ZONE } from "@/lib/billing/revenue-shares";
import type { RevenueFigures } from "./revenue-recompute";

export type { RevenueFigures } from "./revenue-recompute";

export async function loadRevenueFigures(
  db: Db,
  input: { currency: string; months: Bucket[]; days: Bucket[]; now: Date },
): Promise<RevenueFigures> {
  const { currency, months, days, now } = input;
  // Exact: the changes queued by money transactions are folded in before the rollup is read.
  await foldPendingRollups(db);
  const instants = monthInstants(months, now);
  const dayOf = (at: Date) => localDay(at, ROLLUP_TIME_ZONE);
  const lastMonthDay = dayOf(new Date(months.at(-1)!.end.getTime() - 1));
  const lastDay = [lastMonthDay, days.at(-1)!.key].sort().at(-1)!;
  const firstDay = [`${months[0]!.key}-01`, days[0]!.key].sort()[0]!;
  const q = sqlOf(db);
  // Active subscribers and MRR are running sums of their daily changes: the days before the ones
  // shown in one sum, then the days shown (about one row per day) in order.
  const earlier = await q
    .selectFrom("RevenueDay")
    .select((eb) => [
      eb.fn.sum<number>("activeDelta").as("count"),
      eb.fn.sum<number>("mrrDeltaMinor").as("mrrMinor"),
    ])
    .where("currency", "=", currency)
    .where("day", "<", firstDay)
    .executeTakeFirst();
  const rows = await q
    .selectFrom("RevenueDay")
    .selectAll()
    .where("currency", "=", currency)
    .where("day", ">=", firstDay)
    .where("day", "<=", lastDay)
    .orderBy("day")
    .execute();
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const inMonth = (key: string) => rows.filter((r) => r.day.startsWith(`${key}-`));
  const sum = (list: typeof rows, pick: (r: (typeof rows)[number]) => number) =>
    list.reduce((total, r) => total + toNumber(pick(r)), 0);
  /** The running totals after every day up to and including `day` (before it: `isBefore`). */
  const runningUntil = (day: string, isBefore: boolean) => {
    const total = { count: toNumber(earlier?.count), mrrMinor: toNumber(earlier?.mrrMinor) };
    for (const r of rows) {
      if (isBefore ? r.day >= day : r.day > day) break;
      total.count += r.activeDelta;
      total.mrrMinor += r.mrrDeltaMinor;
    }
    return total;
  };

  const active = await Promise.all(
    instants.map(async (at) => {
      const day = dayOf(at);
      const isDayEnd = dayOf(new Date(at.getTime() + 1)) !== day;
      const base = runningUntil(day, !isDayEnd);
      if (isDayEnd) return base;
      const today = await changesSinceDayStart(
        db,
        currency,
        startOfLocalDay(day, ROLLUP_TIME_ZONE),
        at,
      );
      return { count: base.count + today.count, mrrMinor: base.mrrMinor + today.mrrMinor };
    }),
  );

  const renewals: RenewalSuccess[] = months.map((month) => {
    const list = inMonth(month.key);
    const charged = sum(list, (r) => r.renewalsCharged);
    const failed = sum(list, (r) => r.renewalsFailed);
    return {
      month: month.key,
      charged,
      failed,
      rate: charged + failed === 0 ? null : charged / (charged + failed),
    };
  });
  return {
    monthly: months.map((month, i) => {
      const list = inMonth(month.key);
      return {
        month: month.key,
        mrrMinor: active[i]!.mrrMinor,
        activeSubscribers: active[i]!.count,
        newSubscribers: sum(list, (r) => r.newSubscribers),
        churnedVoluntary: sum(list, (r) => r.churnedVoluntary),
        churnedFailedPayment: sum(list, (r) => r.churnedFailed),
      };
    }),
    renewals,
    daily: days.map((day) => {
      const row = byDay.get(day.key);
      const grossMinor = toNumber(row?.grossMinor);
      const refundedMinor = toNumber(row?.refundedMinor);
      return { day: day.key, grossMinor, refundedMinor, netMinor: grossMinor - refundedMinor };
    }),
  };
}

/** Paid spans that started (+) or ended (−) from the start of the day up to and including `at`. */
async function changesSinceDayStart(db: Db, currency: string, dayStart: Date, at: Date) {
  const q = sqlOf(db);
  const started = q
    .selectFrom("RevenueCoverage")
    .select(["monthlyValueMinor"])
    .select(sql<number>`1`.as("sign"))
    .where("currency", "=", currency)
    .where("startsAt", ">=", dayStart)
    .where("startsAt", "<=", at);
  const ended = q
    .selectFrom("RevenueCoverage")
    .select(["monthlyValueMinor"])
    .select(sql<number>`-1`.as("sign"))
    .where("currency", "=", currency)
    .where("endsAt", ">=", dayStart)
    .where("endsAt", "<=", at);
  const spans = await started.unionAll(ended).execute();
  return {
    count: spans.reduce((n, s) => n + toNumber(s.sign), 0),
    mrrMinor: spans.reduce((n, s) => n + toNumber(s.sign) * toNumber(s.monthlyValueMinor), 0),
  };
}
