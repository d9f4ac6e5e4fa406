// The admin orders list: filters to a Prisma `where`, keyset pages in both directions, totals per
// currency, and a batched scan for CSV exports. Every query here is backed by an Order index
// (see prisma/*/schema.prisma) so it stays fast with a million orders.
import type { Db } from "./client";
import type { Prisma } from "./generated/sqlite";
import { ORDER_TYPES, type OrderFilters, type OrderSort } from "./admin-order-filters";
import { encodeOrderCursor, sortKeyOf, type OrderCursor } from "./order-cursor";
import { amountToMinor, SUPPORTED_CURRENCIES } from "@/lib/billing/money";
import type { OrderRecord } from "./order-repository";

export interface AdminOrderRow {
  id: string;
  orderId: string;
  kind: OrderRecord["kind"];
  status: OrderRecord["status"];
  amountMinor: number;
  currency: string;
  refundedMinor: number;
  transactionId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  userEmail: string;
  planName: string;
}

const rowSelect = {
  id: true,
  orderId: true,
  kind: true,
  status: true,
  amountMinor: true,
  currency: true,
  refundedMinor: true,
  transactionId: true,
  createdAt: true,
  paidAt: true,
  user: { select: { email: true } },
  plan: { select: { name: true } },
} as const;

type SelectedRow = Prisma.OrderGetPayload<{ select: typeof rowSelect }>;
const toRow = ({ user, plan, ...order }: SelectedRow): AdminOrderRow => ({
  ...order,
  userEmail: user.email,
  planName: plan.name,
});

const MAX_EMAIL_MATCHES = 200;

/** The `where` for a filter set, or null when the search can match nothing (unknown email). */
export async function buildOrderWhere(
  db: Db,
  filters: OrderFilters,
): Promise<Prisma.OrderWhereInput | null> {
  const and: Prisma.OrderWhereInput[] = [];
  if (filters.statuses.length) and.push({ status: { in: filters.statuses } });
  if (filters.type) and.push({ kind: { in: [...ORDER_TYPES[filters.type]] } });
  if (filters.currency) and.push({ currency: filters.currency });
  if (filters.from || filters.to)
    and.push({
      createdAt: {
        ...(filters.from && { gte: filters.from }),
        ...(filters.to && { lt: filters.to }),
      },
    });
  if (filters.minAmount || filters.maxAmount) {
    // Amounts are typed in major units: compare per currency, each in its own minor units.
    const currencies = filters.currency ? [filters.currency] : SUPPORTED_CURRENCIES;
    and.push({
      OR: currencies.map((currency) => ({
        currency,
        amountMinor: {
          ...(filters.minAmount && { gte: amountToMinor(filters.minAmount, currency, "min") }),
          ...(filters.maxAmount && { lte: amountToMinor(filters.maxAmount, currency, "max") }),
        },
      })),
    });
  }
  if (filters.q) {
    const search = await searchCondition(db, filters.q);
    if (!search) return null;
    and.push(search);
  }
  return and.length ? { AND: and } : {};
}

export type OrderSearch = { transactionId: string } | { userIds: string[] } | { orderId: string };

// A 19-digit number is a LINE Pay transactionId, text with "@" a shopper's email (prefix), anything
// else a merchant orderId. Exact or prefix matches only, so each search is one index lookup.
// Null: the search can match nothing (no shopper with that email).
export async function resolveOrderSearch(db: Db, q: string): Promise<OrderSearch | null> {
  if (/^\d{19}$/.test(q)) return { transactionId: q };
  if (q.includes("@")) {
    const users = await db.user.findMany({
      where: { email: { startsWith: q.toLowerCase() } },
      select: { id: true },
      take: MAX_EMAIL_MATCHES,
    });
    return users.length ? { userIds: users.map((u) => u.id) } : null;
  }
  return { orderId: q };
}

async function searchCondition(db: Db, q: string): Promise<Prisma.OrderWhereInput | null> {
  const search = await resolveOrderSearch(db, q);
  if (!search) return null;
  return "userIds" in search ? { userId: { in: search.userIds } } : search;
}

function orderByFor(sort: OrderSort, reversed: boolean): Prisma.OrderOrderByWithRelationInput[] {
  const isDesc = (sort === "newest" || sort === "amount_desc") !== reversed;
  const direction = isDesc ? "desc" : "asc";
  const column = sort === "newest" || sort === "oldest" ? "createdAt" : "amountMinor";
  return [{ [column]: direction }, { id: direction }];
}

// Rows strictly after the cursor in the scan direction. `key <= c AND (key < c OR id < i)` rather
// than `(key < c) OR (key = c AND id < i)`: the first half is an index range, so a deep page is
// one index seek instead of a scan over every row before it.
function afterCursor(cursor: OrderCursor, isDesc: boolean): Prisma.OrderWhereInput {
  const isDate = cursor.sort === "newest" || cursor.sort === "oldest";
  const key = isDate ? new Date(cursor.key) : cursor.key;
  const column = isDate ? "createdAt" : "amountMinor";
  const [inclusive, strict] = isDesc ? (["lte", "lt"] as const) : (["gte", "gt"] as const);
  return {
    AND: [
      { [column]: { [inclusive]: key } },
      { OR: [{ [column]: { [strict]: key } }, { id: { [strict]: cursor.id } }] },
    ],
  };
}

export interface AdminOrderPage {
  rows: AdminOrderRow[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export async function listAdminOrders(
  db: Db,
  filters: OrderFilters,
  position: { after?: OrderCursor | null; before?: OrderCursor | null } = {},
): Promise<AdminOrderPage> {
  const where = await buildOrderWhere(db, filters);
  if (!where) return { rows: [], nextCursor: null, prevCursor: null };
  const isBackwards = Boolean(position.before);
  const cursor = position.before ?? position.after ?? null;
  const isDesc = (filters.sort === "newest" || filters.sort === "amount_desc") !== isBackwards;
  const found = await db.order.findMany({
    where: cursor ? { AND: [where, afterCursor(cursor, isDesc)] } : where,
    orderBy: orderByFor(filters.sort, isBackwards),
    take: filters.size + 1,
    select: rowSelect,
  });
  const hasMore = found.length > filters.size;
  const page = found.slice(0, filters.size).map(toRow);
  if (isBackwards) page.reverse();
  const cursorOf = (row: AdminOrderRow | undefined) =>
    row
      ? encodeOrderCursor({ sort: filters.sort, key: sortKeyOf(row, filters.sort), id: row.id })
      : null;
  return {
    rows: page,
    nextCursor: isBackwards || hasMore ? cursorOf(page.at(-1)) : null,
    prevCursor: isBackwards
      ? hasMore
        ? cursorOf(page[0])
        : null
      : cursor
        ? cursorOf(page[0])
        : null,
  };
}

export interface OrderTotals {
  currency: string;
  count: number;
  amountMinor: number;
  refundedMinor: number;
}

/** Count and sums for the whole filtered set, per currency (amounts in different currencies never add up). */
export async function summarizeAdminOrders(db: Db, filters: OrderFilters): Promise<OrderTotals[]> {
  const where = await buildOrderWhere(db, filters);
  if (!where) return [];
  const groups = await db.order.groupBy({
    by: ["currency"],
    where,
    _count: { _all: true },
    _sum: { amountMinor: true, refundedMinor: true },
    orderBy: { currency: "asc" },
  });
  return groups.map((g) => ({
    currency: g.currency,
    count: g._count._all,
    amountMinor: g._sum.amountMinor ?? 0,
    refundedMinor: g._sum.refundedMinor ?? 0,
  }));
}

// The export selects planId and names plans from one lookup per scan: the plan catalogue is a few
// rows, and a `plan` relation would send every batch's planIds (2,000 bind values) back to the
// database and join them in the client, about a third of the export's CPU time at a million rows.
const { plan: _plan, ...rowSelectWithoutPlan } = rowSelect;
const scanSelect = { ...rowSelectWithoutPlan, planId: true } as const;
type ScannedRow = Prisma.OrderGetPayload<{ select: typeof scanSelect }>;

/**
 * Every row of the filtered set in sort order, fetched in keyset batches so memory stays flat. The
 * next batch is requested before the current one is handed over, so the database works while the
 * caller formats (at most two batches are held).
 */
export async function* scanAdminOrders(
  db: Db,
  filters: OrderFilters,
  batchSize = 2_000,
): AsyncGenerator<AdminOrderRow[]> {
  const where = await buildOrderWhere(db, filters);
  if (!where) return;
  const loadPlanNames = async () =>
    new Map(
      (await db.plan.findMany({ select: { id: true, name: true } })).map((p) => [p.id, p.name]),
    );
  let planNames = await loadPlanNames();
  const isDesc = filters.sort === "newest" || filters.sort === "amount_desc";
  const fetchAfter = (cursor: OrderCursor | null): Promise<ScannedRow[]> =>
    db.order.findMany({
      where: cursor ? { AND: [where, afterCursor(cursor, isDesc)] } : where,
      orderBy: orderByFor(filters.sort, false),
      take: batchSize,
      select: scanSelect,
    });
  let pending: Promise<ScannedRow[]> | null = fetchAfter(null);
  try {
    while (pending) {
      const found = await pending;
      pending = null;
      if (found.length === 0) return;
      const last = found.at(-1)!;
      if (found.length === batchSize) {
        pending = fetchAfter({
          sort: filters.sort,
          key: sortKeyOf(last, filters.sort),
          id: last.id,
        });
      }
      if (found.some((row) => !planNames.has(row.planId))) planNames = await loadPlanNames(); // a plan added mid-export
      yield found.map((row) => toScannedRow(row, planNames));
    }
  } finally {
    // The caller stopped early (a closed download): nobody will await the prefetch, so its error must not go unhandled.
    pending?.catch(() => {});
  }
}

function toScannedRow(row: ScannedRow, planNames: Map<string, string>): AdminOrderRow {
  return {
    id: row.id,
    orderId: row.orderId,
    kind: row.kind,
    status: row.status,
    amountMinor: row.amountMinor,
    currency: row.currency,
    refundedMinor: row.refundedMinor,
    transactionId: row.transactionId,
    createdAt: row.createdAt,
    paidAt: row.paidAt,
    userEmail: row.user.email,
    // Plans cannot be deleted while orders point at them (foreign key), and new ones reload the map.
    planName: planNames.get(row.planId) ?? "",
  };
}
