// The revenue rollup rebuilt from every row (a backfill after the migration or a restore), and the
// check that recomputes it from every row and compares it with what the transactions maintained.
// Both walk the sources in id order, a batch at a time, with the same share rule as the refresh.
import type { Kysely } from "kysely";
import { sqlOf, type Db } from "./client";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { toNumber } from "./in-turn";
import { SHARE_COUNTERS, emptyCounters, type Share } from "@/lib/billing/revenue-shares";
import { orderSourceShares, subscriptionSourceShares, type SourceShares } from "./revenue-sources";
import { foldPendingRollups, holdRollupLock } from "./rollup-queue";

const BATCH = 500;
// Rows per insert: well under SQLite's 32,766 bound parameters.
const INSERT_ROWS = 1_000;

/** Every source's shares, a batch at a time: all subscriptions, and the orders that took money. */
async function* allSourceShares(q: Kysely<Database>): AsyncGenerator<SourceShares[]> {
  for (let after = ""; ;) {
    const ids = await q
      .selectFrom("Subscription")
      .select("id")
      .where("id", ">", after)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (ids.length === 0) break;
    after = ids.at(-1)!.id;
    yield subscriptionSourceShares(
      q,
      ids.map((r) => r.id),
    );
  }
  for (let after = ""; ;) {
    const ids = await q
      .selectFrom("Order")
      .select("id")
      .where("id", ">", after)
      .where((eb) =>
        eb.or([
          eb("paidAt", "is not", null),
          eb("id", "in", eb.selectFrom("Refund").select("orderId")),
        ]),
      )
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (ids.length === 0) break;
    after = ids.at(-1)!.id;
    yield orderSourceShares(
      q,
      ids.map((r) => r.id),
    );
  }
}

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) await insert(rows.slice(i, i + INSERT_ROWS));
}

/** Empties the rollup and writes it again from every row, in one transaction. */
export async function rebuildRevenueRollup(db: Db): Promise<{ sources: number; days: number }> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      await holdRollupLock(db, tx);
      await tx.deleteFrom("RevenueShare").execute();
      await tx.deleteFrom("RevenueCoverage").execute();
      await tx.deleteFrom("RevenueDay").execute();
      let sources = 0;
      for await (const batch of allSourceShares(tx)) {
        sources += batch.length;
        const shares = batch.flatMap((c) => c.shares.map((s) => ({ sourceId: c.sourceId, ...s })));
        await insertInChunks(shares, (chunk) =>
          tx.insertInto("RevenueShare").values(chunk).execute(),
        );
        const spans = batch.flatMap((c) =>
          (c.coverage?.spans ?? []).map((span, i) => ({
            id: `${c.coverage!.subscriptionId}:${i}`,
            subscriptionId: c.coverage!.subscriptionId,
            ...span,
          })),
        );
        await insertInChunks(spans, (chunk) =>
          tx.insertInto("RevenueCoverage").values(chunk).execute(),
        );
      }
      await tx
        .insertInto("RevenueDay")
        .columns(["currency", "day", ...SHARE_COUNTERS])
        .expression((eb) =>
          eb
            .selectFrom("RevenueShare")
            .select(["currency", "day"])
            .select((s) => SHARE_COUNTERS.map((c) => s.fn.sum<number>(c).as(c)))
            .groupBy(["currency", "day"]),
        )
        .execute();
      const days = await tx
        .selectFrom("RevenueDay")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return { sources, days: toNumber(days.n) };
    });
}

export interface RollupDifference {
  currency: string;
  day: string;
  counter: string;
  stored: number;
  recomputed: number;
}

/**
 * Recomputes the rollup from every row and lists where the stored days or paid spans differ (at
 * most `limit` differences). Empty: the rollup is exactly what the rows say.
 */
export async function checkRevenueRollup(
  db: Db,
  limit = 50,
): Promise<{ differences: RollupDifference[]; spanDifferences: number }> {
  // What the transactions queued is part of the rollup they maintain.
  await foldPendingRollups(db);
  const q = sqlOf(db);
  const recomputed = new Map<string, Share>();
  const spanKeys = new Set<string>();
  const spanKey = (s: { subscriptionId: string; startsAt: Date; endsAt: Date }) =>
    `${s.subscriptionId}|${s.startsAt.getTime()}|${s.endsAt.getTime()}`;
  for await (const batch of allSourceShares(q)) {
    for (const { shares, coverage } of batch) {
      for (const share of shares) {
        const key = `${share.currency}|${share.day}`;
        const row = recomputed.get(key) ?? {
          currency: share.currency,
          day: share.day,
          ...emptyCounters(),
        };
        for (const c of SHARE_COUNTERS) row[c] += share[c];
        recomputed.set(key, row);
      }
      for (const span of coverage?.spans ?? [])
        spanKeys.add(spanKey({ subscriptionId: coverage!.subscriptionId, ...span }));
    }
  }
  const stored = await q.selectFrom("RevenueDay").selectAll().execute();
  const storedByKey = new Map(stored.map((r) => [`${r.currency}|${r.day}`, r]));
  const differences: RollupDifference[] = [];
  for (const key of new Set([...recomputed.keys(), ...storedByKey.keys()])) {
    const [currency, day] = key.split("|") as [string, string];
    for (const counter of SHARE_COUNTERS) {
      const storedValue = toNumber(storedByKey.get(key)?.[counter]);
      const recomputedValue = recomputed.get(key)?.[counter] ?? 0;
      if (storedValue !== recomputedValue && differences.length < limit)
        differences.push({
          currency,
          day,
          counter,
          stored: storedValue,
          recomputed: recomputedValue,
        });
    }
  }
  const storedSpans = await q
    .selectFrom("RevenueCoverage")
    .select(["subscriptionId", "startsAt", "endsAt"])
    .execute();
  const storedSpanKeys = new Set(storedSpans.map(spanKey));
  const spanDifferences =
    [...spanKeys].filter((k) => !storedSpanKeys.has(k)).length +
    [...storedSpanKeys].filter((k) => !spanKeys.has(k)).length;
  return { differences, spanDifferences };
}
