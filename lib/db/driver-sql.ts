// Parameterised SQL straight through the driver adapter the Prisma client itself uses (the same
// SQLite connection and its turn-taking lock, the same Postgres pool), for the renewal hot path.
// Prisma 6.19's client engine compiles every ORM call, and even $queryRaw, on the main thread
// (≈ 2–3 ms and ≈ 0.6–0.9 ms of CPU per call here, no plan cache); this path costs what the driver
// costs. Only lib/db/ uses it. SQL is written with `?` placeholders and double-quoted identifiers,
// which both providers accept once `?` becomes `$n` for Postgres.
import type { ArgType, SqlDriverAdapter, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import type { Db } from "./client";

type Connect = () => Promise<SqlDriverAdapter>;
const connections = new WeakMap<object, { provider: "sqlite" | "postgres"; connect: Connect }>();

/** Called by createDb: how to reach the client's connected adapter. */
export function registerDriverConnection(db: object, provider: "sqlite" | "postgres", connect: Connect): void {
  connections.set(db, { provider, connect });
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

function runnerOn(queryable: SqlQueryable, provider: "sqlite" | "postgres"): SqlRunner {
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
          if (value !== null && DATE_COLUMNS.has(name)) out[name] = new Date(value as string);
          else if (value !== null && BOOLEAN_COLUMNS.has(name)) out[name] = value === true || value === 1 || value === "1" || value === "true";
          // SQLite INTEGER columns come back as Int64 text (lossless for BigInt fields); every
          // column this path reads is a Prisma Int, well inside a double.
          else if (typeof value === "string" && INTEGER_TYPES.has(columnTypes[i] as number)) out[name] = Number(value);
          else out[name] = value;
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
  const { provider, connect } = connectionOf(db);
  return runnerOn(await connect(), provider);
}

/**
 * Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it
 * throws. Start with a write on SQLite, so the write lock is taken at once instead of upgraded
 * (an upgrade after another process wrote fails with "database is locked").
 */
export async function sqlTransaction<T>(db: Db, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const { provider, connect } = connectionOf(db);
  const adapter = await connect();
  const tx: Transaction = await adapter.startTransaction();
  const sql = runnerOn(tx, provider);
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
