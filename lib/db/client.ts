// The Prisma client for whichever provider DATABASE_URL names. Both generated clients come from
// schemas kept identical apart from the provider, so the SQLite client's types describe both.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite";
import { PrismaClient as PostgresClient } from "./generated/postgres";

export type Db = SqliteClient;

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

// Renewal runners and request handlers write concurrently: give interactive transactions room to
// wait for a connection (Postgres pool) or the single SQLite writer instead of failing after 2 s.
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

/** Opens a new client; callers own it and must `$disconnect()` it (tests open one per database). */
export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), transactionOptions });
    return client as unknown as Db;
  }
  // busy timeout: another process (a second renewal runner) may hold SQLite's write lock briefly.
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl, timeout: 15_000 }), transactionOptions });
}

const globalForDb = globalThis as unknown as { storefrontDb?: Db };

/** The process-wide client (kept on globalThis so dev hot reloads do not open a new pool each time). */
export function getDb(databaseUrl: string): Db {
  globalForDb.storefrontDb ??= createDb(databaseUrl);
  return globalForDb.storefrontDb;
}
