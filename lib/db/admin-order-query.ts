// The admin orders list: filters to a Prisma `where`, keyset pages in both directions, totals per
// currency, and a batched scan for CSV exports. Every query here is backed by an Order index
// (see prisma/*/schema.prisma) so it stays fast with a million orders.
import type { Db } from "./client";
import type { Prisma } from "./generated/sqlite";
import { amountToMinor, ORDER_TYPES, type OrderFilters, type OrderSort } from "@/lib/admin/order-filters";
import { encodeOrderCursor, sortKeyOf, type OrderCursor } from "@/lib/admin/order-cursor";
import { SUPPORTED_CURRENCIES } from "@/lib/billing/money";
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
const toRow = ({ user, plan, ...order }: SelectedRow): AdminOrderRow => ({ ...order, userEmail: user.email, planName: plan.name });

const MAX_EMAIL_MATCHES = 200;

/** The `where` for a filter set, or null when the search can match nothing (unknown email). */
export async function buildOrderWhere(db: Db, filters: OrderFilters): Promise<Prisma.OrderWhereInput | null> {
  const and: Prisma.OrderWhereInput[] = [];
  if (filters.statuses.length) and.push({ status: { in: filters.statuses } });
  if (filters.type) and.push({ kind: { in: [...ORDER_TYPES[filters.type]] } });
  if (filters.currency) and.push({ currency: filters.currency });
  if (filters.from || filters.to) and.push({ createdAt: { ...(filters.from && { gte: filters.from }), ...(filters.to && { lt: filters.to }) } });
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

// A 19-digit number is a LINE Pay transactionId, text with "@" a shopper's email (prefix), anything
// else a merchant orderId. Exact or prefix matches only, so each search is one index lookup.
async function searchCondition(db: Db, q: string): Promise<Prisma.OrderWhereInput | null> {
  if (/^\d{19}$/.test(q)) return { transactionId: q };
  if (q.includes("@")) {
    const users = await db.user.findMany({ where: { email: { startsWith: q.toLowerCase() } }, select: { id: true }, take: MAX_EMAIL_MATCHES });
    return users.length ? { userId: { in: users.map((u) => u.id) } } : null;
  }
  return { orderId: q };
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
  return { AND: [{ [column]: { [inclusive]: key } }, { OR: [{ [column]: { [strict]: key } }, { id: { [strict]: cursor.id } }] }] };
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
    row ? encodeOrderCursor({ sort: filters.sort, key: sortKeyOf(row, filters.sort), id: row.id }) : null;
  return {
    rows: page,
    nextCursor: isBackwards || hasMore ? cursorOf(page.at(-1)) : null,
    prevCursor: isBackwards ? (hasMore ? cursorOf(page[0]) : null) : cursor ? cursorOf(page[0]) : null,
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

export async function countAdminOrders(db: Db, filters: OrderFilters): Promise<number> {
  const where = await buildOrderWhere(db, filters);
  return where ? db.order.count({ where }) : 0;
}

/** Every row of the filtered set in sort order, fetched in keyset batches so memory stays flat. */
export async function* scanAdminOrders(db: Db, filters: OrderFilters, batchSize = 2_000): AsyncGenerator<AdminOrderRow[]> {
  const where = await buildOrderWhere(db, filters);
  if (!where) return;
  const isDesc = filters.sort === "newest" || filters.sort === "amount_desc";
  let cursor: OrderCursor | null = null;
  for (;;) {
    const found: SelectedRow[] = await db.order.findMany({
      where: cursor ? { AND: [where, afterCursor(cursor, isDesc)] } : where,
      orderBy: orderByFor(filters.sort, false),
      take: batchSize,
      select: rowSelect,
    });
    if (found.length === 0) return;
    const rows = found.map(toRow);
    yield rows;
    if (found.length < batchSize) return;
    const last = rows.at(-1)!;
    cursor = { sort: filters.sort, key: sortKeyOf(last, filters.sort), id: last.id };
  }
}
