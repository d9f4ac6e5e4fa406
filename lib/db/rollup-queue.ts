// The dashboards' rollups (revenue days, orders totals) are kept off the money transactions: a
// transaction that moves an order, a subscription, a refund or a charge only appends a RollupDirty
// row naming the source. A fold claims queued rows (deletes them, returning what they named),
// recomputes those sources' shares with refreshRevenueRollup and commits both together, so a
// change is folded exactly once or stays queued. Folds run before the dashboards read (so they
// stay exact) and in the scheduled jobs (so the queue stays short). Folds hold one lock: two folds
// of the same source must not both take back the same old share.
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { providerOf, sqlOf, type Db } from "./client";
import { refreshRevenueRollup, type RollupSources } from "./revenue-rollup";

const SUBSCRIPTION = "SUBSCRIPTION";
const ORDER = "ORDER";
/** Sources folded per transaction: short transactions, few statements per source. */
export const FOLD_BATCH = 500;

/** Queues the sources a money transaction moved; one INSERT, no read of the rollups. */
export async function markRollupDirty(tx: Kysely<Database>, sources: RollupSources) {
  const createdAt = new Date();
  const row = (sourceKind: string) => (sourceId: string) => ({
    id: randomUUID(),
    sourceKind,
    sourceId,
    createdAt,
  });
  const rows = [
    ...(sources.subscriptionIds ?? []).map(row(SUBSCRIPTION)),
    ...(sources.orderIds ?? []).map(row(ORDER)),
  ];
  if (rows.length) await tx.insertInto("RollupDirty").values(rows).execute();
}

/**
 * Serialises folds and rebuilds on PostgreSQL until the transaction ends (SQLite runs one writing
 * transaction at a time anyway).
 */
export async function holdRollupLock(db: Db, tx: Kysely<Database>): Promise<void> {
  if (providerOf(db) !== "postgres") return;
  await sql`select 1 as locked from pg_advisory_xact_lock(hashtext('rollup-fold'))`.execute(tx);
}

/** Folds one batch of queued sources into the rollups; returns how many queue rows it claimed. */
async function foldBatch(db: Db, limit: number): Promise<number> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      await holdRollupLock(db, tx);
      // The claim is the transaction's first write, so on SQLite it takes the write lock at once.
      const claimed = await tx
        .deleteFrom("RollupDirty")
        .where("id", "in", (eb) =>
          eb.selectFrom("RollupDirty").select("id").orderBy("createdAt").limit(limit),
        )
        .returning(["sourceKind", "sourceId"])
        .execute();
      const idsOf = (kind: string) =>
        [...new Set(claimed.filter((c) => c.sourceKind === kind).map((c) => c.sourceId))].sort();
      await refreshRevenueRollup(tx, {
        subscriptionIds: idsOf(SUBSCRIPTION),
        orderIds: idsOf(ORDER),
      });
      return claimed.length;
    });
}

/**
 * Folds every queued change (batch after batch, each its own transaction) and returns how many it
 * folded; `maxBatches` bounds a scheduled run. Changes queued while it runs are folded too.
 */
export async function foldPendingRollups(
  db: Db,
  options: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const batch = options.batch ?? FOLD_BATCH;
  let folded = 0;
  // Most reads find the queue empty: one indexed read, no write transaction (no SQLite write lock).
  const anyQueued = await sqlOf(db).selectFrom("RollupDirty").select("id").limit(1).execute();
  if (anyQueued.length === 0) return 0;
  for (let round = 0; round < (options.maxBatches ?? Infinity); round++) {
    const claimed = await foldBatch(db, batch);
    folded += claimed;
    if (claimed < batch) break;
  }
  return folded;
}

/** How many changes wait to be folded. */
export async function pendingRollupChanges(db: Db): Promise<number> {
  const row = await sqlOf(db)
    .selectFrom("RollupDirty")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
