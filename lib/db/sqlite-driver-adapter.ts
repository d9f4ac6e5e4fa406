// Prisma's driver-adapter interface (@prisma/driver-adapter-utils) on one better-sqlite3 handle,
// for the Prisma client and the typed SQL that shares its connection (prisma-adapter-dialect.ts).
// Why not @prisma/adapter-better-sqlite3 itself:
// - it prepares every statement anew (a fifth of a checkout's server CPU); this keeps a bounded
//   cache of prepared statements keyed by their SQL text (the app sends a few dozen distinct ones);
// - it lets a plain query run on the shared handle in the middle of another task's open
//   transaction, so a concurrent INSERT silently joins that transaction and vanishes if it rolls
//   back. Here plain queries and transactions take turns (a FIFO lock; a query runs at once when
//   the connection is free, better-sqlite3 being synchronous).
// Values and errors convert as Prisma's adapter converts them (sqlite-driver-values.ts).
import Database from "better-sqlite3";
import {
  DriverAdapterError,
  type ColumnType,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import {
  columnTypesOf,
  declaredColumnTypes,
  toDriverError,
  toDriverRow,
  toSqliteArg,
} from "./sqlite-driver-values";
import {
  startBackgroundCheckpoints,
  type BackgroundCheckpoints,
} from "./sqlite-background-checkpoints";
import { TurnLock } from "./turn-lock";

const ADAPTER_NAME = "storefront-better-sqlite3";
/** Far more than the distinct statements the app sends; bounds memory if SQL text ever varies. */
const STATEMENT_CACHE_SIZE = 500;

export interface SqliteAdapterConfig {
  /** `file:path`, a path or `:memory:`. */
  url: string;
  /** How long a statement waits for another process's write lock, in ms (better-sqlite3's busy timeout). */
  timeout?: number;
  /**
   * WAL checkpoints on a worker thread instead of on the committing statement
   * (sqlite-background-checkpoints.ts): for the app server's one long-lived connection.
   */
  backgroundCheckpoints?: boolean;
}

/** A prepared statement and, once it has been read from, the columns it returns. */
interface CachedStatement {
  statement: Database.Statement;
  columns?: StatementColumns;
}

/**
 * What better-sqlite3's `columns()` says of a statement, kept with it: that call builds an object
 * per column each time (12 µs for an Order row, four times the query itself). A statement's columns
 * change only with the schema: DDL through this connection forgets every statement, and a row
 * whose width differs from the kept list (another process altered the table) reads them again.
 * A column retyped elsewhere at the same width is not noticed: like the server's compiled queries,
 * the kept types assume the schema the server started with (deploys migrate, then restart).
 */
interface StatementColumns {
  names: string[];
  declaredTypes: Array<ColumnType | undefined>;
}

function describeColumns(statement: Database.Statement): StatementColumns {
  const columns = statement.columns();
  return {
    names: columns.map((column) => column.name),
    declaredTypes: declaredColumnTypes(columns.map((column) => column.type)),
  };
}

class Connection {
  readonly #statements = new Map<string, CachedStatement>();

  constructor(
    readonly db: Database.Database,
    readonly checkpoints: BackgroundCheckpoints | null = null,
  ) {}

  #prepared(sql: string): CachedStatement {
    let cached = this.#statements.get(sql);
    if (cached) {
      this.#statements.delete(sql); // re-inserted below: the map's order is least recent first
    } else {
      cached = { statement: this.db.prepare(sql) };
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        this.#statements.delete(this.#statements.keys().next().value as string);
      }
    }
    this.#statements.set(sql, cached);
    return cached;
  }

  query(query: SqlQuery): SqlResultSet {
    try {
      const cached = this.#prepared(query.sql);
      const { statement } = cached;
      const args = query.args.map((arg, i) => toSqliteArg(arg, query.argTypes[i]));
      if (!statement.reader) {
        statement.run(args);
        return { columnNames: [], columnTypes: [], rows: [] };
      }
      const rows = statement.raw(true).all(args) as unknown[][];
      let columns = (cached.columns ??= describeColumns(statement));
      if (rows.length > 0 && rows[0]?.length !== columns.names.length) {
        columns = cached.columns = describeColumns(statement);
      }
      const columnTypes = columnTypesOf(columns.declaredTypes, rows);
      return {
        columnNames: columns.names,
        columnTypes,
        rows: rows.map((row) => toDriverRow(row, columnTypes)),
      };
    } catch (error) {
      throw toDriverError(error);
    }
  }

  execute(query: SqlQuery): number {
    try {
      const args = query.args.map((arg, i) => toSqliteArg(arg, query.argTypes[i]));
      return this.#prepared(query.sql).statement.run(args).changes;
    } catch (error) {
      throw toDriverError(error);
    }
  }

  /** Statements prepared before a schema change may describe the old columns. */
  forgetStatements(): void {
    this.#statements.clear();
  }
}

/** What a transaction sees: the connection, held until commit() or rollback() hands it back. */
class SqliteTransaction implements Transaction {
  readonly provider = "sqlite";
  readonly adapterName = ADAPTER_NAME;
  // Prisma's engine sends BEGIN's COMMIT or ROLLBACK as a statement, then calls commit()/rollback().
  readonly options = { usePhantomQuery: false };
  #isOpen = true;

  constructor(
    private readonly connection: Connection,
    private readonly lock: TurnLock,
  ) {}

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return settled(() => this.connection.query(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return settled(() => this.connection.execute(query));
  }

  commit(): Promise<void> {
    return this.#end();
  }

  rollback(): Promise<void> {
    return this.#end();
  }

  #end(): Promise<void> {
    if (this.#isOpen) this.lock.release();
    this.#isOpen = false;
    return Promise.resolve();
  }
}

/** The synchronous result as a promise, a thrown error as a rejection. */
function settled<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

class SqliteAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite";
  readonly adapterName = ADAPTER_NAME;
  readonly #lock = new TurnLock();

  constructor(private readonly connection: Connection) {}

  /** Runs `work` when no transaction holds the connection (at once when it is free). */
  #inTurn<T>(work: () => T): Promise<T> {
    if (this.#lock.isFree) return settled(work);
    return this.#lock.acquire().then(() => {
      try {
        return work();
      } finally {
        this.#lock.release();
      }
    });
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#inTurn(() => this.connection.query(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#inTurn(() => this.connection.execute(query));
  }

  executeScript(script: string): Promise<void> {
    return this.#inTurn(() => {
      this.connection.forgetStatements();
      try {
        this.connection.db.exec(script);
      } catch (error) {
        throw toDriverError(error);
      }
    });
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new DriverAdapterError({ kind: "InvalidIsolationLevel", level: isolationLevel });
    }
    await this.#lock.acquire();
    try {
      this.connection.execute({ sql: "BEGIN", args: [], argTypes: [] });
    } catch (error) {
      this.#lock.release();
      throw error;
    }
    return new SqliteTransaction(this.connection, this.#lock);
  }

  async dispose(): Promise<void> {
    await this.connection.checkpoints?.stop();
    this.connection.forgetStatements();
    this.connection.db.close();
  }
}

function open(config: SqliteAdapterConfig): Connection {
  const options = config.timeout === undefined ? {} : { timeout: config.timeout };
  const db = new Database(config.url.replace(/^file:/, ""), options);
  db.defaultSafeIntegers(true); // 64-bit integers exact, handed to Prisma as text
  // In WAL mode (set by the migrations), synchronous=NORMAL: a commit no longer waits for an fsync
  // of the WAL (milliseconds of blocked main thread, two per renewal). A killed process loses
  // nothing; a power loss may roll back the last commits, never corrupt the file, and a renewal
  // whose records were lost is settled by its deterministic orderId like any crash.
  // Rollback-journal mode keeps FULL, where NORMAL could corrupt the file on a power loss.
  const isWal = db.pragma("journal_mode", { simple: true }) === "wal";
  if (isWal) db.pragma("synchronous = NORMAL");
  const checkpoints =
    isWal && config.backgroundCheckpoints && !db.memory
      ? startBackgroundCheckpoints(db, db.name)
      : null;
  return new Connection(db, checkpoints);
}

/** The factory Prisma's client takes as `adapter`: one better-sqlite3 handle per connect(). */
export class SqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName = ADAPTER_NAME;

  constructor(private readonly config: SqliteAdapterConfig) {}

  connect(): Promise<SqlDriverAdapter> {
    return settled(() => new SqliteAdapter(open(this.config)));
  }
}
