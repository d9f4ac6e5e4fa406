// The CSV export's rows on PostgreSQL: the admin orders query (admin-order-query.ts, the same
// filters, joins and order as the page and the batched scan) streamed through one server-side
// cursor (pg-query-stream) on its own connection, instead of keyset batches: a million-row export
// stays one query (BENCHMARKS.md). tests/integration/admin-order-query.test.ts compares the two.
import pg from "pg";
import QueryStream from "pg-query-stream";
import type { Db } from "./client";
import type { OrderFilters } from "./admin-order-filters";
import { compileOrderExport, type AdminOrderRow } from "./admin-order-query";

// Prisma's DateTime columns are `timestamp(3)` holding UTC: written as UTC text, read as UTC, so
// the connection's time zone never applies.
const TIMESTAMP_OID = 1114;
const utcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const asUtcText = (value: unknown) =>
  value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value;

function exportConnection(databaseUrl: string): pg.Client {
  const types = new pg.TypeOverrides();
  types.setTypeParser(TIMESTAMP_OID, utcTimestamp);
  return new pg.Client({ connectionString: databaseUrl, types });
}

/** Every row of the filtered set in sort order, in batches, over its own connection. */
export async function* streamOrdersFromPostgres(
  db: Db,
  databaseUrl: string,
  filters: OrderFilters,
  batchSize = 2_000,
): AsyncGenerator<AdminOrderRow[]> {
  const query = await compileOrderExport(db, filters);
  if (!query) return;
  const client = exportConnection(databaseUrl);
  await client.connect();
  try {
    const stream = client.query(
      new QueryStream(query.sql, query.parameters.map(asUtcText), { batchSize }),
    );
    let batch: AdminOrderRow[] = [];
    for await (const row of stream as AsyncIterable<AdminOrderRow>) {
      batch.push(row);
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
