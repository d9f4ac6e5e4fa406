// Counts the SQL a checkout sends, in this process: every SQLite driver adapter connected after
// installStatementCounter() is wrapped (a Proxy around what SqliteAdapterFactory's connect() returns),
// so lib/db stays as it is. Counted: every statement (adapter queryRaw/executeRaw, from Prisma's
// client and from the typed SQL that runs on the same adapter, inside transactions too) and the
// transactions (startTransaction).
import { SqliteAdapterFactory } from "@/lib/db/sqlite-driver-adapter";
import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

export interface StatementCounts {
  /** Statements outside a transaction (queryRaw + executeRaw on the adapter). */
  ormStatements: number;
  /** Statements inside transactions (COMMIT included: it is sent as a statement). */
  ormStatementsInTransactions: number;
  transactions: number;
}

export interface StatementCounter {
  counts(): StatementCounts;
  /** The SQL sent while `record` is on, in order, tagged orm / tx. */
  recorded: string[];
  record: boolean;
}

const zero = (): StatementCounts => ({
  ormStatements: 0,
  ormStatementsInTransactions: 0,
  transactions: 0,
});

/** A Proxy whose methods run on the target; a method that returns the target returns the Proxy. */
function wrap<T extends object>(target: T, override: (property: string | symbol) => unknown): T {
  const proxy: T = new Proxy(target, {
    get(object, property) {
      const replaced = override(property);
      if (replaced !== undefined) return replaced;
      const value = Reflect.get(object, property, object);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(object, args);
        return result === object ? proxy : result;
      };
    },
  });
  return proxy;
}

let installed: StatementCounter | undefined;

export function installStatementCounter(): StatementCounter {
  if (installed) return installed;
  const totals = zero();
  const counter: StatementCounter = { counts: () => ({ ...totals }), recorded: [], record: false };
  const note = (tag: string, sql: string) => {
    if (counter.record) counter.recorded.push(`${tag} ${sql.replace(/\s+/g, " ").trim()}`);
  };

  const countingTransaction = (tx: Transaction) =>
    wrap(tx, (property) => {
      if (property !== "queryRaw" && property !== "executeRaw") return undefined;
      return (query: SqlQuery) => {
        totals.ormStatementsInTransactions++;
        note("tx", query.sql);
        return property === "queryRaw" ? tx.queryRaw(query) : tx.executeRaw(query);
      };
    });
  const countingAdapter = (adapter: SqlDriverAdapter) =>
    wrap(adapter, (property) => {
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: SqlQuery) => {
          totals.ormStatements++;
          note("orm", query.sql);
          return property === "queryRaw" ? adapter.queryRaw(query) : adapter.executeRaw(query);
        };
      }
      if (property === "startTransaction") {
        return async (isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) => {
          totals.transactions++;
          note("tx", "BEGIN (startTransaction)");
          return countingTransaction(await adapter.startTransaction(isolationLevel));
        };
      }
      return undefined;
    });

  const prototype = SqliteAdapterFactory.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the factory as `this`
  const connect = prototype.connect;
  prototype.connect = async function (this: SqliteAdapterFactory) {
    return countingAdapter(await connect.call(this));
  };
  installed = counter;
  return counter;
}

/** Counts between two readings. */
export function countsBetween(before: StatementCounts, after: StatementCounts): StatementCounts {
  return {
    ormStatements: after.ormStatements - before.ormStatements,
    ormStatementsInTransactions:
      after.ormStatementsInTransactions - before.ormStatementsInTransactions,
    transactions: after.transactions - before.transactions,
  };
}
