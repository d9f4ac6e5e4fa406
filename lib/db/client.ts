// The Prisma client for whichever provider DATABASE_URL names. Both generated clients come from
// schemas kept identical apart from the provider, so the SQLite client's types describe both.
import { PrismaPg } from "@prisma/adapter-pg";
import { Kysely } from "kysely";
import { PrismaClient as SqliteClient } from "./generated/sqlite";
import { PrismaClient as PostgresClient } from "./generated/postgres";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { createPrismaAdapterDialect, type SqlProvider } from "./prisma-adapter-dialect";
import { SqliteAdapterFactory } from "./sqlite-driver-adapter";

// Secret columns stay out of every query that does not ask for them (`omit: { passwordHash: false }`
// or a `select`); being part of the type, reading one without asking does not compile.
const omit = { user: { passwordHash: true }, subscription: { regKeyCiphertext: true } } as const;

export type Db = SqliteClient<{ omit: typeof omit }>;
/** A transaction's client with the same omissions (Prisma's own TransactionClient type forgets them). */
export type DbTransaction = Omit<
  Db,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;
/** Typed SQL on the same connection as the Prisma client (lib/db/prisma-adapter-dialect.ts). */
export type Sql = Kysely<Database>;

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

// Renewal runners and request handlers write concurrently: give interactive transactions room to
// wait for a connection (Postgres pool) or the single SQLite writer instead of failing after 2 s.
// The timeout must stay well above SQLite's busy wait (below): a transaction that expires while a
// statement waits for the lock is rolled back under the statement's feet.
const transactionOptions = { maxWait: 30_000, timeout: 60_000 };

/**
 * Opens a new client; callers own it and must `$disconnect()` it (tests open one per database).
 * `backgroundCheckpoints`: SQLite's WAL checkpoints on a worker thread (the app server's client).
 */
export function createDb(
  databaseUrl: string,
  options: { backgroundCheckpoints?: boolean } = {},
): Db {
  if (isPostgresUrl(databaseUrl)) {
    const adapter = sharedConnection(new PrismaPg({ connectionString: databaseUrl }));
    // The two generated clients differ only in their provider and its isolation levels (which the
    // compiler checks as overlapping here; the app asks for none Postgres lacks).
    const client = new PostgresClient({ adapter, transactionOptions, omit }) as Db;
    return withSql(client, "postgres", adapter.connect);
  }
  // Busy wait: another process (a second renewal runner) may hold SQLite's write lock briefly.
  // better-sqlite3 waits synchronously, so keep it short and let retryTransient do the rest.
  const adapter = sharedConnection(
    new SqliteAdapterFactory({
      url: databaseUrl,
      timeout: 3_000,
      backgroundCheckpoints: options.backgroundCheckpoints ?? false,
    }),
  );
  return withSql(
    new SqliteClient({ adapter, transactionOptions, omit }),
    "sqlite",
    adapter.connect,
  );
}

// On globalThis, like the client itself (getDb): Next.js bundles this module once per server layer
// (pages, route handlers, server actions), and each copy must find the same Kysely instance.
const globalSql = globalThis as {
  storefrontSql?: WeakMap<Db, { sql: Sql; provider: SqlProvider }>;
};
const sqlByClient = (globalSql.storefrontSql ??= new WeakMap());

function withSql(client: Db, provider: SqlProvider, connect: AdapterFactory["connect"]): Db {
  const dialect = createPrismaAdapterDialect(provider, connect);
  sqlByClient.set(client, { sql: new Kysely<Database>({ dialect }), provider });
  return client;
}

/** The typed query builder that runs on `db`'s connection. */
export function sqlOf(db: Db): Sql {
  return registeredSql(db).sql;
}

/** The provider behind a client, for the rare statement whose SQL differs. */
export function providerOf(db: Db): SqlProvider {
  return registeredSql(db).provider;
}

function registeredSql(db: Db) {
  const entry = sqlByClient.get(db);
  if (!entry) throw new Error("This Prisma client was not made by createDb");
  return entry;
}

type AdapterFactory = PrismaPg | SqliteAdapterFactory;

/**
 * The adapter factory with one connection (SQLite file handle, Postgres pool) shared by the Prisma
 * client and its Kysely instance, so typed SQL takes turns with Prisma's transactions on SQLite.
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

const globalForDb = globalThis as { storefrontDb?: Db };

/** The process-wide client (kept on globalThis so dev hot reloads do not open a new pool each time). */
export function getDb(databaseUrl: string): Db {
  // The server's event loop should not wait for checkpoint fsyncs between requests.
  globalForDb.storefrontDb ??= createDb(databaseUrl, { backgroundCheckpoints: true });
  return globalForDb.storefrontDb;
}
