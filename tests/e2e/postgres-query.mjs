// One read-only query on the e2e PostgreSQL database, for tests/e2e/helpers.ts's synchronous
// queryDb (the specs read the database between browser steps without awaiting). Reads
// {url, sql, params} as JSON on stdin, prints the rows as JSON, shaped as the SQLite rows are:
// counts and sums as numbers, dates as milliseconds since 1970 (how Prisma stores them in SQLite).
import pg from "pg";

const INT8 = 20;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (value) => Number(value));
pg.types.setTypeParser(NUMERIC, (value) => Number(value));

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { url, sql, params } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query("SET default_transaction_read_only = on");
  const result = await client.query(sql, params);
  const rows = result.rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        value instanceof Date ? value.getTime() : value,
      ]),
    ),
  );
  process.stdout.write(JSON.stringify(rows));
} finally {
  await client.end();
}
