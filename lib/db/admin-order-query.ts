// The admin orders list: one filter (orderQuery) for the page, the totals, the batched scan and the
// Postgres export stream, keyset pages in both directions, totals per currency. Every query here is
// backed by an Order index (see prisma/schema.source.prisma) so it stays fast with a million orders.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from "kysely";
import { sqlOf, type Db } from "./client";
import type { DB as Database } from "./generated/kysely/postgres/database";
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
  /** The payment provider (LINEPAY, SINOPAC). */
  provider: string;
  createdAt: Date;
  paidAt: Date | null;
  userEmail: string;
  planCode: string;
  planName: string;
}

const MAX_EMAIL_MATCHES = 200;

/**
 * What a search text matches: a prefix of the merchant orderId (ids are upper case, so the text is
 * upper-cased), a prefix of LINE Pay's 19-digit transactionId when the text is 13 or more digits,
 * and the shoppers whose email contains the text. Each part is one index range or one short list
 * of shoppers, so a search stays an index lookup on orders however many there are. LINE Pay's ids
 * grow with time: a shorter prefix is a long stretch of payments rather than a search, and
 * PostgreSQL would walk the date index through most of the table to fill a page of it.
 */
export interface OrderSearch {
  orderIdPrefix: string;
  transactionIdPrefix: string | null;
  userIds: string[];
}

// Null: the search can match nothing (no order id could start with it and no email contains it).
export async function resolveOrderSearch(db: Db, q: string): Promise<OrderSearch | null> {
  const text = q.trim();
  // Emails are stored lower-case. Shoppers are far fewer than orders: a substring scan of their
  // emails is cheap, and the orders are then found by the shopper index.
  const users = await sqlOf(db)
    .selectFrom("User")
    .select("id")
    .where(
      sql<boolean>`${sql.ref("email")} like ${`%${escapeLike(text.toLowerCase())}%`} escape '\\'`,
    )
    .limit(MAX_EMAIL_MATCHES)
    .execute();
  const search: OrderSearch = {
    orderIdPrefix: text.toUpperCase(),
    transactionIdPrefix: /^\d{13,19}$/.test(text) ? text : null,
    userIds: users.map((u) => u.id),
  };
  // An orderId never contains "@" or spaces: without a shopper match such a text finds nothing.
  if (search.userIds.length === 0 && /[@\s]/.test(text)) return null;
  return search;
}

/** LIKE's wildcards and its escape character, escaped, so the text matches only itself. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type OrderRowsQuery = SelectQueryBuilder<Database, "Order" | "User" | "Plan", AdminOrderRow>;

/**
 * The filtered orders with the columns a row shows, unsorted, or null when the search can match
 * nothing (unknown email).
 */
export async function orderQuery(db: Db, filters: OrderFilters): Promise<OrderRowsQuery | null> {
  const search = filters.q ? await resolveOrderSearch(db, filters.q) : undefined;
  if (search === null) return null;
  return sqlOf(db)
    .selectFrom("Order")
    .innerJoin("User", "User.id", "Order.userId")
    .innerJoin("Plan", "Plan.id", "Order.planId")
    .select([
      "Order.id",
      "Order.orderId",
      "Order.kind",
      "Order.status",
      "Order.amountMinor",
      "Order.currency",
      "Order.refundedMinor",
      "Order.transactionId",
      "Order.provider",
      "Order.createdAt",
      "Order.paidAt",
      "User.email as userEmail",
      "Plan.code as planCode",
      "Plan.name as planName",
    ])
    .where((eb) => eb.and(filterConditions(eb, filters, search)));
}

type OrderExpressions = ExpressionBuilder<Database, "Order">;

function filterConditions(
  eb: OrderExpressions,
  filters: OrderFilters,
  search: OrderSearch | undefined,
) {
  const conditions = [];
  if (filters.statuses.length) conditions.push(eb("Order.status", "in", filters.statuses));
  if (filters.type) conditions.push(eb("Order.kind", "in", [...ORDER_TYPES[filters.type]]));
  if (filters.method === "linepay") conditions.push(eb("Order.provider", "=", "LINEPAY"));
  else if (filters.method) {
    // SinoPac: a transfer order carries its virtual account; a card order has none.
    conditions.push(eb("Order.provider", "=", "SINOPAC"));
    conditions.push(
      filters.method === "sinopac-atm"
        ? eb("Order.providerAccount", "is not", null)
        : eb("Order.providerAccount", "is", null),
    );
  }
  if (filters.currency) conditions.push(eb("Order.currency", "=", filters.currency));
  if (filters.from) conditions.push(eb("Order.createdAt", ">=", filters.from));
  if (filters.to) conditions.push(eb("Order.createdAt", "<", filters.to));
  if (filters.minAmount || filters.maxAmount) {
    // Amounts are typed in major units: compare per currency, each in its own minor units.
    const currencies = filters.currency ? [filters.currency] : SUPPORTED_CURRENCIES;
    conditions.push(
      eb.or(
        currencies.map((currency) => {
          const parts = [eb("Order.currency", "=", currency)];
          if (filters.minAmount) {
            const min = amountToMinor(filters.minAmount, currency, "min");
            parts.push(eb("Order.amountMinor", ">=", min));
          }
          if (filters.maxAmount) {
            const max = amountToMinor(filters.maxAmount, currency, "max");
            parts.push(eb("Order.amountMinor", "<=", max));
          }
          return eb.and(parts);
        }),
      ),
    );
  }
  if (search) {
    // Prefixes as index ranges [prefix, prefix + U+FFFF): each uses its column's unique index.
    const startsWith = (column: "Order.orderId" | "Order.transactionId", prefix: string) =>
      eb.and([eb(column, ">=", prefix), eb(column, "<", `${prefix}\uffff`)]);
    const matches = [startsWith("Order.orderId", search.orderIdPrefix)];
    if (search.transactionIdPrefix)
      matches.push(startsWith("Order.transactionId", search.transactionIdPrefix));
    if (search.userIds.length) matches.push(eb("Order.userId", "in", search.userIds));
    conditions.push(eb.or(matches));
  }
  return conditions;
}

const isDescending = (sort: OrderSort) => sort === "newest" || sort === "amount_desc";
const sortColumn = (sort: OrderSort) =>
  sort === "newest" || sort === "oldest" ? "Order.createdAt" : "Order.amountMinor";

/** In `sort` order (or its reverse), rows strictly after `cursor` in that direction. */
export function inSortOrder(
  query: OrderRowsQuery,
  sort: OrderSort,
  isReversed: boolean,
  cursor: OrderCursor | null,
): OrderRowsQuery {
  const isDesc = isDescending(sort) !== isReversed;
  const direction = isDesc ? "desc" : "asc";
  const column = sortColumn(sort);
  const sorted = query.orderBy(column, direction).orderBy("Order.id", direction);
  if (!cursor) return sorted;
  const key = column === "Order.createdAt" ? new Date(cursor.key) : cursor.key;
  const [inclusive, strict] = isDesc ? (["<=", "<"] as const) : ([">=", ">"] as const);
  // `key <= c AND (key < c OR id < i)` rather than `(key < c) OR (key = c AND id < i)`: the first
  // half is an index range, so a deep page is one index seek instead of a scan of the rows before it.
  return sorted.where((eb) =>
    eb.and([
      eb(column, inclusive, key),
      eb.or([eb(column, strict, key), eb("Order.id", strict, cursor.id)]),
    ]),
  );
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
  const query = await orderQuery(db, filters);
  if (!query) return { rows: [], nextCursor: null, prevCursor: null };
  const isBackwards = Boolean(position.before);
  const cursor = position.before ?? position.after ?? null;
  const found = await inSortOrder(query, filters.sort, isBackwards, cursor)
    .limit(filters.size + 1)
    .execute();
  const hasMore = found.length > filters.size;
  const page = found.slice(0, filters.size);
  if (isBackwards) page.reverse();
  const cursorOf = (row: AdminOrderRow | undefined) =>
    row
      ? encodeOrderCursor({ sort: filters.sort, key: sortKeyOf(row, filters.sort), id: row.id })
      : null;
  const prevCursor = isBackwards
    ? hasMore
      ? cursorOf(page[0])
      : null
    : cursor
      ? cursorOf(page[0])
      : null;
  return {
    rows: page,
    nextCursor: isBackwards || hasMore ? cursorOf(page.at(-1)) : null,
    prevCursor,
  };
}

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
  const query = await orderQuery(db, filters);
  if (!query) return;
  const fetchAfter = (cursor: OrderCursor | null) =>
    inSortOrder(query, filters.sort, false, cursor).limit(batchSize).execute();
  let pending: Promise<AdminOrderRow[]> | null = fetchAfter(null);
  try {
    while (pending) {
      const found: AdminOrderRow[] = await pending;
      pending = null;
      const last = found.at(-1);
      if (!last) return;
      if (found.length === batchSize) {
        pending = fetchAfter({
          sort: filters.sort,
          key: sortKeyOf(last, filters.sort),
          id: last.id,
        });
      }
      yield found;
    }
  } finally {
    // The caller stopped early (a closed download): nobody will await the prefetch, so its error must not go unhandled.
    pending?.catch(() => {});
  }
}

/** The export's whole sorted query as SQL text and parameters, or null when it matches nothing. */
export async function compileOrderExport(
  db: Db,
  filters: OrderFilters,
): Promise<{ sql: string; parameters: readonly unknown[] } | null> {
  const query = await orderQuery(db, filters);
  return query ? inSortOrder(query, filters.sort, false, null).compile() : null;
}
