// The Prisma client for whichever provider DATABASE_URL names. Both generated clients come from
// schemas kept identical apart from the provider, so the SQLite client's types describe both.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite";
import { PrismaClient as PostgresClient } from "./generated/postgres";
import { createSerializedSqliteAdapter } from "./serialized-sqlite-adapter";
import { registerDriverConnection } from "./driver-sql";

export type Db = SqliteClient;

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/** `?pgbouncer=true`, Prisma's own switch for a pooler in transaction mode: no named prepared statements. */
function isBehindPgBouncer(databaseUrl: string): boolean {
  try {
    return new URL(databaseUrl).searchParams.get("pgbouncer") === "true";
  } catch {
    return false;
  }
}

// Renewal runners and request handlers write concurrently: give interactive transactions room to
// wait for a connection (Postgres pool) or the single SQLite writer instead of failing after 2 s.
// The timeout must stay well above SQLite's busy wait (below): a transaction that expires while a
// statement waits for the lock is rolled back under the statement's feet.
const transactionOptions = { maxWait: 30_000, timeout: 60_000 };

/** Opens a new client; callers own it and must `$disconnect()` it (tests open one per database). */
export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    const adapter = sharedConnection(new PrismaPg({ connectionString: databaseUrl }));
    const client = new PostgresClient({ adapter, transactionOptions }) as unknown as Db;
    registerDriverConnection(client, "postgres", adapter.connect, { preparedStatements: !isBehindPgBouncer(databaseUrl) });
    return client;
  }
  // Busy wait: another process (a second renewal runner) may hold SQLite's write lock briefly.
  // better-sqlite3 waits synchronously, so keep it short and let retryTransient do the rest.
  const adapter = sharedConnection(createSerializedSqliteAdapter({ url: databaseUrl, timeout: 3_000 }));
  const client = new SqliteClient({ adapter, transactionOptions });
  registerDriverConnection(client, "sqlite", adapter.connect);
  return client;
}

type AdapterFactory = PrismaPg | ReturnType<typeof createSerializedSqliteAdapter>;

/**
 * The adapter factory with one connection (SQLite file handle, Postgres pool) shared by the Prisma
 * client and lib/db/driver-sql.ts, so direct SQL takes turns with Prisma's transactions on SQLite.
 * A client that disconnects (dispose) gets a fresh connection next time.
 */
function sharedConnection<F extends AdapterFactory>(factory: F): F & { connect: F["connect"] } {
  type Connected = Awaited<ReturnType<F["connect"]>>;
  let connected: Promise<Connected> | undefined;
  const connect = (() => {
    connected ??= (factory.connect() as Promise<Connected>).then((adapter) => {
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = () => {
        connected = undefined;
        return dispose();
      };
      return adapter;
    });
    connected.catch(() => (connected = undefined));
    return connected;
  }) as F["connect"];
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return connect;
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const globalForDb = globalThis as unknown as { storefrontDb?: Db };

/** The process-wide client (kept on globalThis so dev hot reloads do not open a new pool each time). */
export function getDb(databaseUrl: string): Db {
  globalForDb.storefrontDb ??= createDb(databaseUrl);
  return globalForDb.storefrontDb;
}
