// The admin orders totals rollup (OrderTotalsDay, and OrderTotalsMonth for whole months): orders
// per currency, business day of creation, status and kind. An order is counted from its first
// status move on, with the status and refunded amount it had then (remembered on the order as
// countedStatus / countedRefundedMinor); each later move or refund takes that back and counts it
// again, in the same transaction. Orders not moved yet (a checkout being paid) are few and are
// summed from their rows (lib/db/order-totals.ts). Rebuild and check: order-totals-rebuild.ts.
import type { Kysely, Selectable } from "kysely";
import type { DB as Database, Order } from "./generated/kysely/postgres/database";
import { localDay } from "@/lib/billing/revenue-metrics";
import { ROLLUP_TIME_ZONE } from "@/lib/billing/revenue-shares";

export interface TotalsRow {
  currency: string;
  day: string;
  status: Selectable<Order>["status"];
  kind: Selectable<Order>["kind"];
  orders: number;
  amountMinor: number;
  refundedMinor: number;
}

/** Adds up changes per (currency, day, status, kind); rows that net to nothing are left out. */
export class TotalsSheet {
  private readonly rows = new Map<string, TotalsRow>();
  add(row: TotalsRow) {
    const key = [row.currency, row.day, row.status, row.kind].join("\u0000");
    const sum = this.rows.get(key);
    if (!sum) this.rows.set(key, { ...row });
    else {
      sum.orders += row.orders;
      sum.amountMinor += row.amountMinor;
      sum.refundedMinor += row.refundedMinor;
    }
  }
  changes(): TotalsRow[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, row]) => row)
      .filter((r) => r.orders !== 0 || r.amountMinor !== 0 || r.refundedMinor !== 0);
  }
}

type CountedOrder = Pick<
  Selectable<Order>,
  | "id"
  | "currency"
  | "createdAt"
  | "kind"
  | "status"
  | "amountMinor"
  | "refundedMinor"
  | "countedStatus"
  | "countedRefundedMinor"
>;

/**
 * Counts the orders with their current status and refunded amount, where that changed. `rows`:
 * the orders as just written (a transition's returned row), so they need not be read again.
 */
export async function refreshOrderTotals(
  tx: Kysely<Database>,
  ids: string[],
  rows?: CountedOrder[],
): Promise<void> {
  if (ids.length === 0) return;
  const orders =
    rows ??
    (await tx
      .selectFrom("Order")
      .select(["id", "currency", "createdAt", "kind", "status", "amountMinor", "refundedMinor"])
      .select(["countedStatus", "countedRefundedMinor"])
      .where("id", "in", ids)
      .execute());
  const sheet = new TotalsSheet();
  const changed = orders.filter(
    (o) => o.countedStatus !== o.status || o.countedRefundedMinor !== o.refundedMinor,
  );
  for (const o of changed) {
    const at = { currency: o.currency, day: localDay(o.createdAt, ROLLUP_TIME_ZONE), kind: o.kind };
    if (o.countedStatus !== null)
      sheet.add({
        ...at,
        status: o.countedStatus,
        orders: -1,
        amountMinor: -o.amountMinor,
        refundedMinor: -(o.countedRefundedMinor ?? 0),
      });
    sheet.add({ ...at, status: o.status, orders: 1, ...pick(o) });
  }
  await addToTotals(tx, sheet.changes());
  for (const o of changed)
    await tx
      .updateTable("Order")
      .set({ countedStatus: o.status, countedRefundedMinor: o.refundedMinor })
      .where("id", "=", o.id)
      .execute();
}

export const pick = (o: { amountMinor: number; refundedMinor: number }) => ({
  amountMinor: o.amountMinor,
  refundedMinor: o.refundedMinor,
});

/** Adds the changes to their days and to their months, in key order. */
export async function addToTotals(tx: Kysely<Database>, changes: TotalsRow[]): Promise<void> {
  const months = new TotalsSheet();
  for (const change of changes) months.add({ ...change, day: change.day.slice(0, 7) });
  for (let i = 0; i < changes.length; i += 1_000)
    await tx
      .insertInto("OrderTotalsDay")
      .values(changes.slice(i, i + 1_000))
      .onConflict((conflict) =>
        conflict.columns(["currency", "day", "status", "kind"]).doUpdateSet((eb) => ({
          orders: eb(eb.ref("OrderTotalsDay.orders"), "+", eb.ref("excluded.orders")),
          amountMinor: eb(
            eb.ref("OrderTotalsDay.amountMinor"),
            "+",
            eb.ref("excluded.amountMinor"),
          ),
          refundedMinor: eb(
            eb.ref("OrderTotalsDay.refundedMinor"),
            "+",
            eb.ref("excluded.refundedMinor"),
          ),
        })),
      )
      .execute();
  const monthly = months.changes().map(({ day, ...row }) => ({ ...row, month: day }));
  for (let i = 0; i < monthly.length; i += 1_000)
    await tx
      .insertInto("OrderTotalsMonth")
      .values(monthly.slice(i, i + 1_000))
      .onConflict((conflict) =>
        conflict.columns(["currency", "month", "status", "kind"]).doUpdateSet((eb) => ({
          orders: eb(eb.ref("OrderTotalsMonth.orders"), "+", eb.ref("excluded.orders")),
          amountMinor: eb(
            eb.ref("OrderTotalsMonth.amountMinor"),
            "+",
            eb.ref("excluded.amountMinor"),
          ),
          refundedMinor: eb(
            eb.ref("OrderTotalsMonth.refundedMinor"),
            "+",
            eb.ref("excluded.refundedMinor"),
          ),
        })),
      )
      .execute();
}
