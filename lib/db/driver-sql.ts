// Parameterised SQL on the connection the Prisma client itself uses (SQLite: its better-sqlite3
// handle, taking turns with Prisma's queries; Postgres: its pool, through the driver adapter), for
// the renewal hot path.
// Prisma 6.19's client engine compiles every ORM call, and even $queryRaw, on the main thread
// (≈ 2–3 ms and ≈ 0.6–0.9 ms of CPU per call here, no plan cache); this path costs what the driver
// costs. Only lib/db/ uses it. SQL is written with `?` placeholders and double-quoted identifiers,
// which both providers accept once `?` becomes `$n` for Postgres. Statements are prepared once and
// reused: cached better-sqlite3 statements on SQLite, named prepared statements on Postgres.
import { createHash } from "node:crypto";
import type { ArgType, SqlDriverAdapter, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";
import type { Db } from "./client";
import type { ExclusiveSqlite } from "./serialized-sqlite-adapter";
import { createTurnBatcher } from "./turn-batches";

type Connect = () => Promise<SqlDriverAdapter>;
// On globalThis, like the client itself (client.ts): Next.js bundles this module once per server
// layer (pages, route handlers, server actions), and each copy must find the same registration.
const globalRegistry = globalThis as unknown as { storefrontDriverConnections?: WeakMap<object, { provider: "sqlite" | "postgres"; connect: Connect; prepared: boolean }> };
const connections = (globalRegistry.storefrontDriverConnections ??= new WeakMap());

export interface DriverConnectionOptions {
  /**
   * Postgres: send statements as named prepared statements (the default). Off behind a pooler in
   * transaction mode (PgBouncer), where the next statement may reach a connection that never saw
   * the PREPARE; createDb turns it off for `pgbouncer=true` URLs, as Prisma itself does.
   */
  preparedStatements?: boolean;
}

/** Called by createDb: how to reach the client's connected adapter. */
export function registerDriverConnection(db: object, provider: "sqlite" | "postgres", connect: Connect, options: DriverConnectionOptions = {}): void {
  connections.set(db, { provider, connect, prepared: provider === "postgres" && options.preparedStatements !== false });
}

export type SqlValue = string | number | boolean | Date | null;
export type SqlRow = Record<string, unknown>;

// Prisma's DateTime and Boolean fields that the hot path reads back; adapters return DateTime
// columns as ISO text and SQLite booleans as 0/1.
const DATE_COLUMNS = new Set([
  "anchorAt", "currentPeriodStart", "currentPeriodEnd", "nextActionAt", "graceUntil", "canceledAt", "endedAt",
  "claimUntil", "createdAt", "updatedAt", "startsAt", "endsAt", "paidAt", "settledAt", "startedAt", "finishedAt",
]);
const BOOLEAN_COLUMNS = new Set(["cancelAtPeriodEnd", "isActive"]);
// ColumnTypeEnum.Int32, .Int64 and .UnknownNumber (@prisma/driver-adapter-utils; a type-only import here).
const INTEGER_TYPES = new Set<number>([0, 1, 128]);

function argType(value: SqlValue): ArgType {
  if (value instanceof Date) return { scalarType: "datetime", arity: "scalar" };
  if (typeof value === "number") return { scalarType: Number.isInteger(value) ? "int" : "float", arity: "scalar" };
  if (typeof value === "boolean") return { scalarType: "boolean", arity: "scalar" };
  if (typeof value === "string") return { scalarType: "string", arity: "scalar" };
  return { scalarType: "unknown", arity: "scalar" };
}

export interface SqlRunner {
  /** Rows as objects keyed by column name, DateTime columns as Date, booleans as boolean. */
  query<T = SqlRow>(sql: string, args?: SqlValue[]): Promise<T[]>;
  /** Number of rows changed. */
  execute(sql: string, args?: SqlValue[]): Promise<number>;
}

function convertColumn(name: string, value: unknown): unknown {
  if (value === null) return null;
  if (DATE_COLUMNS.has(name)) return new Date(value as string);
  if (BOOLEAN_COLUMNS.has(name)) return value === true || value === 1 || value === "1" || value === "true";
  return value;
}

// SQLite: statements run on the connection's better-sqlite3 handle, prepared once and cached
// (the adapter prepares every statement anew), with values stored as Prisma stores them.
const statementCache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function sqliteValue(value: SqlValue): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function sqliteRunner(client: BetterSqlite3.Database): SqlRunner {
  let cache = statementCache.get(client);
  if (!cache) statementCache.set(client, (cache = new Map<string, BetterSqlite3.Statement>()));
  const statements = cache;
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = client.prepare(sql).safeIntegers(false);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    async query<T>(sql: string, args: SqlValue[] = []): Promise<T[]> {
      const rows = prepare(sql).all(...args.map(sqliteValue)) as SqlRow[];
      for (const row of rows) for (const name in row) row[name] = convertColumn(name, row[name]);
      return rows as T[];
    },
    async execute(sql: string, args: SqlValue[] = []): Promise<number> {
      return prepare(sql).run(...args.map(sqliteValue)).changes;
    },
  };
}

async function exclusiveSqlite(connect: Connect): Promise<ExclusiveSqlite> {
  return (await connect()) as unknown as ExclusiveSqlite;
}

/** What @prisma/adapter-pg 6.19 keeps in `client`: the pool, or a transaction's pooled client. */
interface PgQueryTarget {
  query(config: { text: string; name?: string }, values?: unknown[]): Promise<unknown>;
}

/**
 * The same queryable, with every statement sent as a named prepared statement: Postgres parses
 * and plans each distinct statement once per connection instead of on every call (the renewal
 * path's CTEs cost the server more to plan than to run). The name is derived from the text, so a
 * name always means the same statement.
 */
function preparedOn(queryable: SqlQueryable): SqlQueryable {
  const target = (queryable as unknown as { client?: PgQueryTarget }).client;
  if (!target || typeof target.query !== "function") throw new Error("The Postgres adapter no longer exposes its client");
  const client: PgQueryTarget = {
    query: (config, values) => target.query({ ...config, name: statementName(config.text) }, values),
  };
  return Object.create(queryable, { client: { value: client } }) as SqlQueryable;
}

const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `storefront_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

function runnerOn(connection: SqlQueryable, provider: "sqlite" | "postgres", prepared: boolean): SqlRunner {
  const queryable = prepared ? preparedOn(connection) : connection;
  const toQuery = (sql: string, args: SqlValue[]): SqlQuery => {
    let n = 0;
    const text = provider === "postgres" ? sql.replace(/\?/g, () => `$${++n}`) : sql;
    return { sql: text, args, argTypes: args.map(argType) };
  };
  return {
    async query<T>(sql: string, args: SqlValue[] = []): Promise<T[]> {
      const result = await queryable.queryRaw(toQuery(sql, args));
      const { columnNames, columnTypes } = result;
      return result.rows.map((row) => {
        const out: SqlRow = {};
        for (let i = 0; i < columnNames.length; i++) {
          const name = columnNames[i] as string;
          const value = row[i];
          // Int64 columns come back as text (lossless for BigInt fields); every column this path
          // reads is a Prisma Int, well inside a double.
          if (typeof value === "string" && INTEGER_TYPES.has(columnTypes[i] as number)) out[name] = Number(value);
          else out[name] = convertColumn(name, value);
        }
        return out as T;
      });
    },
    execute: (sql: string, args: SqlValue[] = []) => queryable.executeRaw(toQuery(sql, args)),
  };
}

function connectionOf(db: Db) {
  const connection = connections.get(db);
  if (!connection) throw new Error("This Prisma client was not made by createDb: no driver connection registered");
  return connection;
}

/** One statement outside any transaction. */
export async function sqlOn(db: Db): Promise<SqlRunner> {
  const { provider, connect, prepared } = connectionOf(db);
  if (provider === "sqlite") {
    const sqlite = await exclusiveSqlite(connect);
    return {
      query: (sql, args) => sqlite.runExclusive((client) => sqliteRunner(client).query(sql, args)),
      execute: (sql, args) => sqlite.runExclusive((client) => sqliteRunner(client).execute(sql, args)),
    };
  }
  return runnerOn(await connect(), provider, prepared);
}

interface GroupedWork {
  work: (sql: SqlRunner) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
/** Bounds how long one group holds the connection. */
const MAX_GROUP = 64;
const addSqliteWork = createTurnBatcher<Db, GroupedWork>(MAX_GROUP, (db, group) => void runSqliteGroup(connectionOf(db).connect, group));

/**
 * SQLite group commit: the transactions asked for in one turn run one after another inside one
 * BEGIN IMMEDIATE … COMMIT, each in its own savepoint. A renewal run opens and settles dozens of
 * charges a turn; one commit writes the pages they share to the WAL once instead of once each.
 * Each work's outcome is its own: a work that throws is rolled back to its savepoint and only its
 * caller sees the error; the others resolve only once the shared COMMIT has succeeded, and all
 * reject if it fails (as a lone transaction's caller would).
 */
async function runSqliteGroup(connect: Connect, group: GroupedWork[]): Promise<void> {
  const pending = new Set(group);
  const settle = (item: GroupedWork, outcome: () => void) => {
    pending.delete(item);
    outcome();
  };
  // Works to run again in a fresh transaction: SQLite rolled the whole transaction back under them.
  let rerun: GroupedWork[] = [];
  try {
    const sqlite = await exclusiveSqlite(connect);
    await sqlite.runExclusive(async (client) => {
      const sql = sqliteRunner(client);
      // IMMEDIATE: the write lock now, not an upgrade later that fails if another process wrote.
      await sql.execute("BEGIN IMMEDIATE");
      try {
        const committed: Array<() => void> = [];
        for (const [index, item] of group.entries()) {
          await sql.execute("SAVEPOINT grouped_work");
          try {
            const result = await item.work(sql);
            await sql.execute("RELEASE grouped_work");
            committed.push(() => settle(item, () => item.resolve(result)));
          } catch (error) {
            settle(item, () => item.reject(error));
            if (!client.inTransaction) {
              // Some errors (a full disk, an interrupt) end the whole transaction: the works before
              // this one were undone with it, so they run again, with the ones after it.
              rerun = group.filter((other, at) => at !== index && pending.has(other));
              for (const again of rerun) pending.delete(again);
              return;
            }
            await sql.execute("ROLLBACK TO grouped_work");
            await sql.execute("RELEASE grouped_work");
          }
        }
        await sql.execute("COMMIT");
        for (const resolve of committed) resolve();
      } finally {
        if (client.inTransaction) await sql.execute("ROLLBACK").catch(() => {});
      }
    });
  } catch (error) {
    // BEGIN, a savepoint or COMMIT failed: nothing still pending was committed.
    for (const item of [...pending]) settle(item, () => item.reject(error));
  }
  if (rerun.length > 0) await runSqliteGroup(connect, rerun);
}

/**
 * Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it
 * throws. On SQLite no other query of this process runs until it ends, and transactions asked for
 * in the same turn of the event loop share one commit (see runSqliteGroup).
 */
export async function sqlTransaction<T>(db: Db, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const { provider, connect, prepared } = connectionOf(db);
  if (provider === "sqlite") {
    return new Promise<T>((resolve, reject) => addSqliteWork(db, { work, resolve: resolve as (value: unknown) => void, reject }));
  }
  const adapter = await connect();
  const tx: Transaction = await adapter.startTransaction();
  const sql = runnerOn(tx, provider, prepared);
  let result: T;
  try {
    result = await work(sql);
  } catch (error) {
    try {
      await sql.execute("ROLLBACK");
    } finally {
      await tx.rollback();
    }
    throw error;
  }
  try {
    await sql.execute("COMMIT");
  } catch (error) {
    await sql.execute("ROLLBACK").catch(() => {});
    await tx.rollback();
    throw error;
  }
  await tx.commit();
  return result;
}

/** The provider behind a client, for the rare statement whose SQL differs. */
export function sqlProvider(db: Db): "sqlite" | "postgres" {
  return connectionOf(db).provider;
}
