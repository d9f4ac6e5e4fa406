// The CSV export's rows on PostgreSQL: one streamed query (pg-query-stream, a server-side cursor)
// joining orders, shoppers and plans, instead of keyset batches through Prisma, whose per-row
// mapping made a million-row export CPU-bound (BENCHMARKS.md). Same filters, same order, same rows
// as scanAdminOrders (tests/integration/admin-order-export.test.ts compares the two).
import pg from "pg";
import QueryStream from "pg-query-stream";
import type { Db } from "./client";
import { ORDER_TYPES, type OrderFilters } from "./admin-order-filters";
import { amountToMinor, SUPPORTED_CURRENCIES } from "@/lib/billing/money";
import { resolveOrderSearch, type AdminOrderRow } from "./admin-order-query";

const SORT_SQL = {
  newest: `o."createdAt" DESC, o."id" DESC`,
  oldest: `o."createdAt" ASC, o."id" ASC`,
  amount_desc: `o."amountMinor" DESC, o."id" DESC`,
  amount_asc: `o."amountMinor" ASC, o."id" ASC`,
} as const;

// Timestamps leave Postgres as ISO text in UTC, so the driver's local-time parsing never applies.
const ISO = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The export's SQL and parameters for a filter set, or null when the search can match nothing. */
export async function buildOrderExportSql(
  db: Db,
  filters: OrderFilters,
): Promise<{ text: string; values: unknown[] } | null> {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (filters.statuses.length)
    where.push(`o."status"::text = ANY(${param(filters.statuses)}::text[])`);
  if (filters.type)
    where.push(`o."kind"::text = ANY(${param([...ORDER_TYPES[filters.type]])}::text[])`);
  if (filters.currency) where.push(`o."currency" = ${param(filters.currency)}`);
  if (filters.from)
    where.push(
      `o."createdAt" >= ${param(filters.from.toISOString())}::timestamptz AT TIME ZONE 'UTC'`,
    );
  if (filters.to)
    where.push(
      `o."createdAt" < ${param(filters.to.toISOString())}::timestamptz AT TIME ZONE 'UTC'`,
    );
  if (filters.minAmount || filters.maxAmount) {
    const currencies = filters.currency ? [filters.currency] : SUPPORTED_CURRENCIES;
    const perCurrency = currencies.map((currency) => {
      const parts = [`o."currency" = ${param(currency)}`];
      if (filters.minAmount)
        parts.push(
          `o."amountMinor" >= ${param(amountToMinor(filters.minAmount, currency, "min"))}`,
        );
      if (filters.maxAmount)
        parts.push(
          `o."amountMinor" <= ${param(amountToMinor(filters.maxAmount, currency, "max"))}`,
        );
      return `(${parts.join(" AND ")})`;
    });
    where.push(`(${perCurrency.join(" OR ")})`);
  }
  if (filters.q) {
    const search = await resolveOrderSearch(db, filters.q);
    if (!search) return null;
    if ("transactionId" in search) where.push(`o."transactionId" = ${param(search.transactionId)}`);
    else if ("orderId" in search) where.push(`o."orderId" = ${param(search.orderId)}`);
    else where.push(`o."userId" = ANY(${param(search.userIds)}::text[])`);
  }
  const text = `SELECT o."id", o."orderId", o."kind"::text AS "kind", o."status"::text AS "status", o."amountMinor", o."currency",
      o."refundedMinor", o."transactionId", ${ISO(`o."createdAt"`)} AS "createdAt", ${ISO(`o."paidAt"`)} AS "paidAt",
      u."email" AS "userEmail", p."name" AS "planName"
    FROM "Order" o JOIN "User" u ON u."id" = o."userId" JOIN "Plan" p ON p."id" = o."planId"
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY ${SORT_SQL[filters.sort]}`;
  return { text, values };
}

interface ExportRow {
  id: string;
  orderId: string;
  kind: AdminOrderRow["kind"];
  status: AdminOrderRow["status"];
  amountMinor: number;
  currency: string;
  refundedMinor: number;
  transactionId: string | null;
  createdAt: string;
  paidAt: string | null;
  userEmail: string;
  planName: string;
}

/** Every row of the filtered set in sort order, in batches, over its own connection. */
export async function* streamOrdersFromPostgres(
  db: Db,
  databaseUrl: string,
  filters: OrderFilters,
  batchSize = 2_000,
): AsyncGenerator<AdminOrderRow[]> {
  const query = await buildOrderExportSql(db, filters);
  if (!query) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const stream = client.query(new QueryStream(query.text, query.values, { batchSize }));
    let batch: AdminOrderRow[] = [];
    for await (const row of stream as AsyncIterable<ExportRow>) {
      batch.push({
        ...row,
        createdAt: new Date(row.createdAt),
        paidAt: row.paidAt === null ? null : new Date(row.paidAt),
      });
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  } finally {
    await client.end();
  }
}
