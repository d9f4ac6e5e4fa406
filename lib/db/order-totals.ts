// The admin orders totals: count and money per currency for the whole filtered set. Without a
// search text or amount bounds (the totals the page opens with, and status, type, currency and
// date views) they are read from the rollup (lib/db/order-totals-rollup.ts: whole months from
// OrderTotalsMonth, the other days from OrderTotalsDay) plus the few orders it
// does not count yet, so they cost the same with a million orders as with a thousand; a search or
// amount filter sums the matching rows (each an index lookup, see orderQuery).
import { sqlOf, type Db } from "./client";
import { foldPendingRollups } from "./rollup-queue";
import { orderQuery } from "./admin-order-query";
import { ORDER_TYPES, type OrderFilters } from "./admin-order-filters";
import { toNumber } from "./in-turn";
import { startOfLocalDay } from "@/lib/billing/billing-period";
import { MONEY_TAKEN_STATUSES } from "@/lib/billing/order-status";
import { localDay } from "@/lib/billing/revenue-metrics";
import { ROLLUP_TIME_ZONE } from "@/lib/billing/revenue-shares";

export interface OrderTotals {
  currency: string;
  /** Every order in the view, whatever its status. */
  count: number;
  /** Orders whose money was taken (paid, partly or fully refunded since). */
  paidCount: number;
  /** What those orders took; failed, cancelled, expired and open orders count for nothing. */
  paidMinor: number;
  refundedMinor: number;
  /** Paid less refunded: what the shop keeps. */
  netMinor: number;
}

type Sums = Omit<OrderTotals, "netMinor">;

/**
 * Count and money for the whole filtered set, per currency (amounts in different currencies never
 * add up). Only money actually taken is summed, so failed and cancelled orders do not inflate it.
 */
export async function summarizeAdminOrders(db: Db, filters: OrderFilters): Promise<OrderTotals[]> {
  const days = rollupDays(filters);
  // Exact: the order moves still queued are folded in before the rollup is read.
  if (days) await foldPendingRollups(db);
  const parts = days
    ? [await fromRollup(db, filters, days), await fromRows(db, filters, true)]
    : [await fromRows(db, filters, false)];
  const byCurrency = new Map<string, Sums>();
  for (const sums of parts.flat()) {
    const total = byCurrency.get(sums.currency);
    if (!total) byCurrency.set(sums.currency, { ...sums });
    else
      for (const key of ["count", "paidCount", "paidMinor", "refundedMinor"] as const)
        total[key] += sums[key];
  }
  return [...byCurrency.values()]
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((t) => ({ ...t, netMinor: t.paidMinor - t.refundedMinor }));
}

/**
 * The business days [from, to) the rollup can answer for, or null when the filters need the rows:
 * a search text, amount bounds, or date bounds that are not the start of a business day.
 */
function rollupDays(filters: OrderFilters): { from: string | null; to: string | null } | null {
  if (filters.q || filters.minAmount || filters.maxAmount) return null;
  const dayOf = (at: Date | null) => {
    if (!at) return null;
    const day = localDay(at, ROLLUP_TIME_ZONE);
    return startOfLocalDay(day, ROLLUP_TIME_ZONE).getTime() === at.getTime() ? day : undefined;
  };
  const [from, to] = [dayOf(filters.from), dayOf(filters.to)];
  return from === undefined || to === undefined ? null : { from, to };
}

const nextMonth = (month: string) => {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
};

/**
 * The business days [from, to) as whole months (OrderTotalsMonth) and the days before and after
 * them (OrderTotalsDay); null: open.
 */
function splitByMonth(days: { from: string | null; to: string | null }) {
  const firstMonth =
    days.from === null
      ? null
      : days.from.endsWith("-01")
        ? days.from.slice(0, 7)
        : nextMonth(days.from.slice(0, 7));
  const endMonth = days.to === null ? null : days.to.slice(0, 7);
  if (firstMonth !== null && endMonth !== null && firstMonth >= endMonth)
    return { months: null, dayRanges: [days] };
  const dayRanges = [];
  if (days.from !== null && days.from < `${firstMonth}-01`)
    dayRanges.push({ from: days.from, to: `${firstMonth}-01` });
  if (days.to !== null && `${endMonth}-01` < days.to)
    dayRanges.push({ from: `${endMonth}-01`, to: days.to });
  return { months: { from: firstMonth, to: endMonth }, dayRanges };
}

async function fromRollup(
  db: Db,
  filters: OrderFilters,
  days: { from: string | null; to: string | null },
): Promise<Sums[]> {
  const q = sqlOf(db);
  const { months, dayRanges } = splitByMonth(days);
  const { statuses, type, currency } = filters;
  const kinds = type ? [...ORDER_TYPES[type]] : [];
  const parts = [
    ...dayRanges.map((range) =>
      q
        .selectFrom("OrderTotalsDay")
        .select(["currency", "status", "orders", "amountMinor", "refundedMinor"])
        .where("day", ">=", range.from ?? "")
        .$if(range.to !== null, (r) => r.where("day", "<", range.to!))
        .$if(statuses.length > 0, (r) => r.where("status", "in", statuses))
        .$if(kinds.length > 0, (r) => r.where("kind", "in", kinds))
        .$if(currency !== null, (r) => r.where("currency", "=", currency!)),
    ),
    ...(months
      ? [
          q
            .selectFrom("OrderTotalsMonth")
            .select(["currency", "status", "orders", "amountMinor", "refundedMinor"])
            .$if(months.from !== null, (r) => r.where("month", ">=", months.from!))
            .$if(months.to !== null, (r) => r.where("month", "<", months.to!))
            .$if(statuses.length > 0, (r) => r.where("status", "in", statuses))
            .$if(kinds.length > 0, (r) => r.where("kind", "in", kinds))
            .$if(currency !== null, (r) => r.where("currency", "=", currency!)),
        ]
      : []),
  ];
  const sums: Sums[] = [];
  for (const part of parts) {
    const rows = await q
      .selectFrom(part.as("t"))
      .select((eb) => {
        const taken = eb("t.status", "in", MONEY_TAKEN_STATUSES);
        return [
          "t.currency",
          eb.fn.sum<number>("t.orders").as("count"),
          eb.fn
            .sum<number>(eb.case().when(taken).then(eb.ref("t.orders")).else(0).end())
            .as("paid"),
          eb.fn
            .sum<number>(eb.case().when(taken).then(eb.ref("t.amountMinor")).else(0).end())
            .as("paidMinor"),
          eb.fn.sum<number>("t.refundedMinor").as("refundedMinor"),
        ];
      })
      .groupBy("t.currency")
      .execute();
    for (const r of rows)
      sums.push({
        currency: r.currency,
        count: toNumber(r.count),
        paidCount: toNumber(r.paid),
        paidMinor: toNumber(r.paidMinor),
        refundedMinor: toNumber(r.refundedMinor),
      });
  }
  return sums;
}

/** Sums the matching rows; with `onlyUncounted`, only the orders the rollup does not count yet. */
async function fromRows(db: Db, filters: OrderFilters, onlyUncounted: boolean): Promise<Sums[]> {
  const query = await orderQuery(db, filters);
  if (!query) return [];
  const groups = await query
    .clearSelect()
    .$if(onlyUncounted, (q) => q.where("Order.countedStatus", "is", null))
    .select((eb) => {
      const taken = eb("Order.status", "in", MONEY_TAKEN_STATUSES);
      return [
        "Order.currency",
        eb.fn.countAll<number>().as("count"),
        eb.fn.sum<number>(eb.case().when(taken).then(1).else(0).end()).as("paidCount"),
        eb.fn
          .sum<number>(eb.case().when(taken).then(eb.ref("Order.amountMinor")).else(0).end())
          .as("paidMinor"),
        eb.fn.sum<number>("Order.refundedMinor").as("refundedMinor"),
      ];
    })
    .groupBy("Order.currency")
    .execute();
  return groups.map((g) => ({
    currency: g.currency,
    count: toNumber(g.count),
    paidCount: toNumber(g.paidCount),
    paidMinor: toNumber(g.paidMinor),
    refundedMinor: toNumber(g.refundedMinor),
  }));
}
