// One SQLite connection per process must not interleave a plain query into another task's open
// transaction. The better-sqlite3 driver adapter serialises transactions with each other but lets
// plain queries run on the shared connection mid-transaction, so a concurrent INSERT (a charge
// attempt, a payment event, a runner's claim) silently becomes part of that transaction and
// vanishes if it rolls back. This wrapper makes every query wait for any open transaction.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
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
      if (property === "queryRaw")
        return (query: Parameters<Adapter["queryRaw"]>[0]) =>
          exclusive(() => target.queryRaw(query));
      if (property === "executeRaw")
        return (query: Parameters<Adapter["executeRaw"]>[0]) =>
          exclusive(() => target.executeRaw(query));
      if (property === "executeScript")
        return (script: string) => exclusive(() => target.executeScript(script));
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
export function createSerializedSqliteAdapter(
  config: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
): PrismaBetterSQLite3 {
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
 * the WAL (milliseconds of blocked main thread, two per renewal). A killed process loses
 * nothing; a power loss may roll back the last commits, never corrupt the file, and a renewal whose
 * records were lost is settled by its deterministic orderId like any crash. Rollback-journal mode
 * keeps FULL, where NORMAL could corrupt the file on a power loss.
 */
async function withWalSync(adapter: Adapter): Promise<Adapter> {
  const statement = (sql: string) => ({ sql, args: [], argTypes: [] });
  const mode = await adapter.queryRaw(statement("PRAGMA journal_mode"));
  if (mode.rows[0]?.[0] === "wal")
    await adapter.executeRaw(statement("PRAGMA synchronous = NORMAL"));
  return adapter;
}
