// The admin orders totals rollup rebuilt from every order (the backfill after its migration, or
// after a restore), and the check that compares it, plus the orders it does not count yet, with
// every order's row.
import type { Kysely } from "kysely";
import { sqlOf, type Db } from "./client";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { addToTotals, pick, TotalsSheet, type TotalsRow } from "./order-totals-rollup";
import { localDay } from "@/lib/billing/revenue-metrics";
import { ROLLUP_TIME_ZONE } from "@/lib/billing/revenue-shares";
import { foldPendingRollups, holdRollupLock } from "./rollup-queue";

/** Every order's (currency, day, status, kind) totals, from the rows, read in id order. */
async function totalsFromRows(q: Kysely<Database>, batch = 5_000): Promise<TotalsRow[]> {
  const sheet = new TotalsSheet();
  for (let after = ""; ;) {
    const rows = await q
      .selectFrom("Order")
      .select(["id", "currency", "createdAt", "kind", "status", "amountMinor", "refundedMinor"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const o of rows)
      sheet.add({
        currency: o.currency,
        day: localDay(o.createdAt, ROLLUP_TIME_ZONE),
        status: o.status,
        kind: o.kind,
        orders: 1,
        ...pick(o),
      });
  }
  return sheet.changes();
}

/**
 * Counts every order as it is now (the backfill after the migration, or after a restore), in one
 * transaction: run it while no payments are being written.
 */
export async function rebuildOrderTotals(db: Db): Promise<{ rows: number }> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      await holdRollupLock(db, tx);
      await tx.deleteFrom("OrderTotalsDay").execute();
      await tx.deleteFrom("OrderTotalsMonth").execute();
      const rows = await totalsFromRows(tx);
      await addToTotals(tx, rows);
      await tx
        .updateTable("Order")
        .set((eb) => ({
          countedStatus: eb.ref("status"),
          countedRefundedMinor: eb.ref("refundedMinor"),
        }))
        .execute();
      return { rows: rows.length };
    });
}

/**
 * The rollup plus the orders it does not count yet, against every order's row: the differences
 * (empty when exact), at most `limit`.
 */
export async function checkOrderTotals(db: Db, limit = 50): Promise<string[]> {
  await foldPendingRollups(db);
  const q = sqlOf(db);
  const stored = new TotalsSheet();
  for (const row of await q.selectFrom("OrderTotalsDay").selectAll().execute()) stored.add(row);
  // Each month row must equal the sum of its days.
  const monthsOfDays = new TotalsSheet();
  for (const row of await q.selectFrom("OrderTotalsDay").selectAll().execute())
    monthsOfDays.add({ ...row, day: row.day.slice(0, 7) });
  const monthRows = new TotalsSheet();
  for (const { month, ...row } of await q.selectFrom("OrderTotalsMonth").selectAll().execute())
    monthRows.add({ ...row, day: month });
  const uncounted = await q
    .selectFrom("Order")
    .select(["currency", "createdAt", "kind", "status", "amountMinor", "refundedMinor"])
    .where("countedStatus", "is", null)
    .execute();
  for (const o of uncounted)
    stored.add({ ...o, day: localDay(o.createdAt, ROLLUP_TIME_ZONE), orders: 1, ...pick(o) });
  const keyed = (rows: TotalsRow[]) =>
    new Map(rows.map((r) => [JSON.stringify([r.currency, r.day, r.status, r.kind]), r]));
  const have = keyed(stored.changes());
  const want = keyed(await totalsFromRows(q));
  const differences: string[] = [];
  const flat = (sheet: TotalsSheet) =>
    JSON.stringify(
      sheet
        .changes()
        .map((r) => [
          r.currency,
          r.day,
          r.status,
          r.kind,
          r.orders,
          r.amountMinor,
          r.refundedMinor,
        ]),
    );
  if (flat(monthRows) !== flat(monthsOfDays))
    differences.push("OrderTotalsMonth differs from the sum of OrderTotalsDay");
  for (const key of new Set([...have.keys(), ...want.keys()])) {
    const [a, b] = [have.get(key), want.get(key)];
    const show = (r?: TotalsRow) =>
      r ? `${r.orders} / ${r.amountMinor} / ${r.refundedMinor}` : "none";
    if (show(a) !== show(b) && differences.length < limit)
      differences.push(`${key}: stored ${show(a)}, rows ${show(b)}`);
  }
  return differences;
}
