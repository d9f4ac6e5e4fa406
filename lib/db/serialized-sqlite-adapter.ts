// One SQLite connection per process must not interleave a plain query into another task's open
// transaction. The better-sqlite3 driver adapter serialises transactions with each other but lets
// plain queries run on the shared connection mid-transaction, so a concurrent INSERT (a charge
// attempt, a payment event, a runner's claim) silently becomes part of that transaction and
// vanishes if it rolls back. This wrapper makes every query wait for any open transaction.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * What driver-sql.ts uses: `work` runs with the connection's better-sqlite3 handle while no other
 * query or transaction of this process is on it (the same turn-taking as Prisma's queries).
 */
export interface ExclusiveSqlite {
  runExclusive<T>(work: (client: BetterSqlite3.Database) => Promise<T> | T): Promise<T>;
}
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A FIFO lock: `acquire` resolves with the function that releases it. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire(): Promise<() => void> {
      let release!: () => void;
      const next = new Promise<void>((resolve) => (release = resolve));
      const ready = tail.then(() => release);
      tail = tail.then(() => next);
      return ready;
    },
  };
}

function serialize(adapter: Adapter): Adapter {
  const lock = createLock();
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  };
  const wrapTransaction = (tx: Transaction, release: () => void): Transaction => {
    let isDone = false;
    const finish = async (end: () => Promise<void>) => {
      try {
        await end();
      } finally {
        if (!isDone) release();
        isDone = true;
      }
    };
    return new Proxy(tx, {
      get(target, property, receiver) {
        if (property === "commit") return () => finish(() => target.commit());
        if (property === "rollback") return () => finish(() => target.rollback());
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "queryRaw") return (query: Parameters<Adapter["queryRaw"]>[0]) => exclusive(() => target.queryRaw(query));
      if (property === "executeRaw") return (query: Parameters<Adapter["executeRaw"]>[0]) => exclusive(() => target.executeRaw(query));
      if (property === "executeScript") return (script: string) => exclusive(() => target.executeScript(script));
      if (property === "runExclusive") {
        // The adapter keeps its better-sqlite3 handle in `client` (@prisma/adapter-better-sqlite3 6.19).
        const client = (target as unknown as { client?: BetterSqlite3.Database }).client;
        if (!client || typeof client.prepare !== "function") throw new Error("The SQLite adapter no longer exposes its connection");
        return <T>(work: (db: BetterSqlite3.Database) => Promise<T> | T) => exclusive(async () => work(client));
      }
      if (property === "startTransaction") {
        return async (isolationLevel?: Parameters<Adapter["startTransaction"]>[0]) => {
          const release = await lock.acquire();
          try {
            return wrapTransaction(await target.startTransaction(isolationLevel), release);
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The better-sqlite3 adapter factory, with queries and transactions taking turns on the connection. */
export function createSerializedSqliteAdapter(config: ConstructorParameters<typeof PrismaBetterSQLite3>[0]): PrismaBetterSQLite3 {
  const inner = new PrismaBetterSQLite3(config);
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === "connect") return async () => withWalSync(serialize(await target.connect()));
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * In WAL mode (set by the migrations), synchronous=NORMAL: a commit no longer waits for an fsync of
 * the WAL (≈ 1.8 ms of blocked main thread here, three per renewal). A killed process loses
 * nothing; a power loss may roll back the last commits, never corrupt the file, and a renewal whose
 * records were lost is settled by its deterministic orderId like any crash. Rollback-journal mode
 * keeps FULL, where NORMAL could corrupt the file on a power loss.
 */
async function withWalSync(adapter: Adapter): Promise<Adapter> {
  await (adapter as unknown as ExclusiveSqlite).runExclusive((client) => {
    if (client.pragma("journal_mode", { simple: true }) === "wal") client.pragma("synchronous = NORMAL");
  });
  return adapter;
}
