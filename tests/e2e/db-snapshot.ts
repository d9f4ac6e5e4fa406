// What "nothing changed" means for the fuzz and authorization tests: every table of the e2e database,
// SQLite or PostgreSQL (row count and a digest of every row), and the LINE Pay sandbox's ledger
// (each transaction's state and refunds). Two snapshots compare equal only when no row and no payment moved. RateLimitWindow
// is left out: counting a refused attempt against its sender's limit is the point of a rate limit,
// not a state change the request caused. So are the dashboards' rollups (lib/db/rollup-queue.ts):
// a revenue or orders view folds the changes the money transactions queued into them first, which
// refreshes a cache computed from the other tables, not a state any request changed.
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { E2E_DATABASE_FILE, E2E_DATABASE_URL, isE2ePostgres } from "./stack-config";
import { sandboxLedger } from "./helpers";

const UNTRACKED_TABLES = new Set([
  "RateLimitWindow",
  "RevenueDay",
  "RevenueShare",
  "RevenueCoverage",
  "RollupDirty",
  "OrderTotalsDay",
  "OrderTotalsMonth",
]);
/** Columns that only record what the orders totals rollup has counted of the row. */
const UNTRACKED_COLUMNS: Record<string, readonly string[]> = {
  Order: ["countedStatus", "countedRefundedMinor"],
};

/** The table's rows without their untracked columns, in an order that does not depend on them. */
function trackedRows(table: string, rows: unknown[]): string[] {
  const dropped = UNTRACKED_COLUMNS[table] ?? [];
  return rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row as Record<string, unknown>).filter(([key]) => !dropped.includes(key)),
        ),
        (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
      ),
    )
    .sort();
}

export type Snapshot = Record<string, { rows: number; digest: string }>;

const digest = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/**
 * A snapshot once nothing moves: an earlier test's work may still be finishing in the background
 * (a notice sender run started after its answer), and must not count as this test's change.
 */
export async function settledSnapshotState(): Promise<Snapshot> {
  let previous = await snapshotState();
  for (let round = 0; round < 20; round++) {
    await new Promise((resolve) => setTimeout(resolve, 750));
    const current = await snapshotState();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  throw new Error("The database kept changing for 15 s: something is still running");
}

export async function snapshotState(): Promise<Snapshot> {
  const snapshot = isE2ePostgres ? await snapshotPostgres() : snapshotSqlite();
  const ledger = await sandboxLedger();
  snapshot["sandbox ledger"] = { rows: ledger.length, digest: digest(ledger) };
  return snapshot;
}

function snapshotSqlite(): Snapshot {
  const db = new Database(E2E_DATABASE_FILE, { readonly: true, fileMustExist: true });
  const snapshot: Snapshot = {};
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name`,
      )
      .all() as Array<{ name: string }>;
    for (const { name } of tables.filter((t) => !UNTRACKED_TABLES.has(t.name))) {
      const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
      snapshot[name] = { rows: rows.length, digest: digest(trackedRows(name, rows)) };
    }
  } finally {
    db.close();
  }
  return snapshot;
}

// The same on PostgreSQL: rows in the order of their text form (there is no rowid).
async function snapshotPostgres(): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  const snapshot: Snapshot = {};
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_prisma%' ORDER BY table_name`,
    );
    for (const { name } of tables.rows.filter((t) => !UNTRACKED_TABLES.has(t.name))) {
      const { rows } = await client.query(`SELECT * FROM "${name}" AS r ORDER BY r::text`);
      snapshot[name] = { rows: rows.length, digest: digest(trackedRows(name, rows)) };
    }
  } finally {
    await client.end();
  }
  return snapshot;
}
