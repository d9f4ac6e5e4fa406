// Counts the SQL a checkout sends, in this process: every SQLite driver adapter connected after
// installStatementCounter() is wrapped (a Proxy around what PrismaBetterSQLite3's connect() returns),
// so lib/db stays as it is. Counted: the ORM's statements (adapter queryRaw/executeRaw, inside
// transactions too), transactions (startTransaction), and statements lib/db/driver-sql.ts runs on
// the adapter's better-sqlite3 handle (lib/db reaches it through the adapter's `client` field, as
// serialized-sqlite-adapter.ts does; the Proxy hands out a counting handle there).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";

export interface StatementCounts {
  /** ORM statements outside a transaction (queryRaw + executeRaw on the adapter). */
  ormStatements: number;
  /** ORM statements inside transactions (COMMIT included: Prisma sends it as a statement). */
  ormStatementsInTransactions: number;
  transactions: number;
  /** Statements run directly on the better-sqlite3 handle (lib/db/driver-sql.ts). */
  directStatements: number;
}

export interface StatementCounter {
  counts(): StatementCounts;
  /** The SQL sent while `record` is on, in order, tagged orm / tx / direct. */
  recorded: string[];
  record: boolean;
}

const zero = (): StatementCounts => ({ ormStatements: 0, ormStatementsInTransactions: 0, transactions: 0, directStatements: 0 });

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

  const countingStatement = (statement: BetterSqlite3.Statement, sql: string) =>
    wrap(statement, (property) => {
      if (property !== "run" && property !== "all" && property !== "get" && property !== "iterate") return undefined;
      return (...args: unknown[]) => {
        totals.directStatements++;
        note("direct", sql);
        return (statement[property] as (...a: unknown[]) => unknown).apply(statement, args);
      };
    });
  const handles = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Database>();
  const countingHandle = (client: BetterSqlite3.Database) => {
    let handle = handles.get(client);
    if (!handle) {
      handle = wrap(client, (property) => (property === "prepare" ? (sql: string) => countingStatement(client.prepare(sql), sql) : undefined));
      handles.set(client, handle);
    }
    return handle;
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
      if (property === "client") {
        const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
        return client ? countingHandle(client) : undefined;
      }
      return undefined;
    });

  const prototype = PrismaBetterSQLite3.prototype as unknown as { connect(): Promise<SqlDriverAdapter> };
  const connect = prototype.connect;
  prototype.connect = async function (this: PrismaBetterSQLite3) {
    return countingAdapter(await connect.call(this));
  };
  installed = counter;
  return counter;
}

/** Counts between two readings. */
export function countsBetween(before: StatementCounts, after: StatementCounts): StatementCounts {
  return {
    ormStatements: after.ormStatements - before.ormStatements,
    ormStatementsInTransactions: after.ormStatementsInTransactions - before.ormStatementsInTransactions,
    transactions: after.transactions - before.transactions,
    directStatements: after.directStatements - before.directStatements,
  };
}
