// A Kysely dialect that runs its queries on the Prisma client's own driver adapter, through the
// adapter's public interface (@prisma/driver-adapter-utils: queryRaw, executeRaw,
// startTransaction). Kysely builds typed SQL for each provider (its own SQLite and Postgres
// compilers); the adapter runs it on the same connection as Prisma's queries, so on SQLite the two
// take turns on one file handle instead of blocking each other from two. Prisma 6.19 compiles every
// ORM call, $queryRaw included, on the main thread; this path skips that compiler.
import { SpanStatusCode, context, trace, type Span } from "@opentelemetry/api";
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";
import {
  ColumnTypeEnum,
  type ArgType,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import { createGroupCommit, type GroupCommit, type GroupMembership } from "./sqlite-group-commit";

export type SqlProvider = "sqlite" | "postgres";

function argType(value: unknown): ArgType {
  if (value instanceof Date) return { scalarType: "datetime", arity: "scalar" };
  if (typeof value === "number") {
    return { scalarType: Number.isInteger(value) ? "int" : "float", arity: "scalar" };
  }
  if (typeof value === "boolean") return { scalarType: "boolean", arity: "scalar" };
  if (typeof value === "string") return { scalarType: "string", arity: "scalar" };
  return { scalarType: "unknown", arity: "scalar" };
}

/** Values as Prisma's own client reads them: dates, booleans and numbers, by the column's type. */
function readValue(value: unknown, type: number | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.DateTime:
    case ColumnTypeEnum.Date:
      return new Date(value as string);
    case ColumnTypeEnum.Boolean:
      return value === true || value === 1 || value === "1" || value === "true";
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Float:
    case ColumnTypeEnum.Double:
      return Number(value);
    case ColumnTypeEnum.Int64: {
      // Counts and sums come back as Int64 text; beyond 2^53 they stay exact as bigint.
      const number = Number(value);
      return Number.isSafeInteger(number) ? number : BigInt(value as string);
    }
    default:
      return value;
  }
}

function toRows(result: SqlResultSet): Record<string, unknown>[] {
  const { columnNames, columnTypes } = result;
  return result.rows.map((row) => {
    const out: Record<string, unknown> = {};
    columnNames.forEach((name, i) => (out[name] = readValue(row[i], columnTypes[i])));
    return out;
  });
}

/** INSERT, UPDATE or DELETE without RETURNING: what matters is how many rows changed. */
function isCountOnly(query: CompiledQuery): boolean {
  const node = query.query as { kind: string; returning?: unknown };
  const isWrite =
    node.kind === "InsertQueryNode" ||
    node.kind === "UpdateQueryNode" ||
    node.kind === "DeleteQueryNode";
  return isWrite && !node.returning;
}

/** A transaction of the connection's own (BEGIN … COMMIT), as Prisma's engine runs one. */
async function ownTransaction(adapter: SqlDriverAdapter): Promise<GroupMembership> {
  // Prisma's adapters begin a transaction in startTransaction and leave COMMIT and ROLLBACK to
  // their caller (Prisma's engine sends them as statements); commit()/rollback() then hand the
  // connection back.
  const transaction = await adapter.startTransaction();
  const end = async (statement: "COMMIT" | "ROLLBACK") => {
    try {
      await transaction.executeRaw({ sql: statement, args: [], argTypes: [] });
    } catch (error) {
      if (statement === "COMMIT") {
        await transaction.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => {});
      }
      await transaction.rollback();
      throw error;
    }
    await (statement === "COMMIT" ? transaction.commit() : transaction.rollback());
  };
  return { target: transaction, commit: () => end("COMMIT"), rollback: () => end("ROLLBACK") };
}

type BeginTransaction = (adapter: SqlDriverAdapter) => Promise<GroupMembership>;

class AdapterConnection implements DatabaseConnection {
  #transaction: GroupMembership | null = null;
  // One OpenTelemetry span per transaction, begin to commit or rollback, a child of the span active
  // at begin (the request or job); a no-op without a registered provider.
  #span: Span | null = null;

  constructor(
    private readonly adapter: SqlDriverAdapter,
    private readonly beginTransaction: BeginTransaction,
    private readonly provider: SqlProvider,
  ) {}

  private get target(): SqlQueryable {
    return this.#transaction?.target ?? this.adapter;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // One span per statement, a child of its transaction's span when in one: the system, the
    // statement kind and its text with placeholders, never the values (Kysely binds them all).
    const attributes = {
      "db.system.name": this.provider === "postgres" ? "postgresql" : "sqlite",
      "db.operation.name": compiled.query.kind.replace(/QueryNode$|Node$/, "").toUpperCase(),
      "db.query.text": compiled.sql,
    };
    const parent = this.#span ? trace.setSpan(context.active(), this.#span) : context.active();
    const span = trace.getTracer("storefront-db").startSpan("db.query", { attributes }, parent);
    try {
      return await this.#execute<R>(compiled);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  }

  async #execute<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const query: SqlQuery = {
      sql: compiled.sql,
      args: [...compiled.parameters],
      argTypes: compiled.parameters.map(argType),
    };
    if (isCountOnly(compiled)) {
      const changed = await this.target.executeRaw(query);
      return { rows: [], numAffectedRows: BigInt(changed) };
    }
    return { rows: toRows(await this.target.queryRaw(query)) as R[] };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(compiled);
  }

  async begin(): Promise<void> {
    const system = this.provider === "postgres" ? "postgresql" : "sqlite";
    this.#span = trace
      .getTracer("storefront-db")
      .startSpan("db.transaction", { attributes: { "db.system.name": system } }, context.active());
    try {
      this.#transaction = await this.beginTransaction(this.adapter);
    } catch (error) {
      this.#endSpan("rollback", error);
      throw error;
    }
  }

  #endSpan(outcome: "commit" | "rollback", error?: unknown): void {
    const span = this.#span;
    this.#span = null;
    if (!span) return;
    span.setAttribute("db.transaction.outcome", error ? "failed" : outcome);
    if (error || outcome === "rollback") {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.name : outcome,
      });
    }
    span.end();
  }

  async end(outcome: "commit" | "rollback"): Promise<void> {
    const transaction = this.#transaction;
    // Kysely rolls back after a failed commit: the transaction already ended with that failure.
    if (!transaction && outcome === "rollback") return;
    if (!transaction) throw new Error("commit outside a transaction");
    this.#transaction = null;
    try {
      await (outcome === "commit" ? transaction.commit() : transaction.rollback());
    } catch (error) {
      this.#endSpan(outcome, error);
      throw error;
    }
    this.#endSpan(outcome);
  }
}

class AdapterDriver implements Driver {
  // SQLite: one group commit per connected adapter (a reconnect after $disconnect gets its own).
  readonly #groups = new WeakMap<SqlDriverAdapter, GroupCommit>();

  constructor(
    private readonly provider: SqlProvider,
    private readonly connect: () => Promise<SqlDriverAdapter>,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new AdapterConnection(
      await this.connect(),
      (adapter) => this.#begin(adapter),
      this.provider,
    );
  }

  #begin(adapter: SqlDriverAdapter): Promise<GroupMembership> {
    if (this.provider !== "sqlite") return ownTransaction(adapter);
    let group = this.#groups.get(adapter);
    if (!group) this.#groups.set(adapter, (group = createGroupCommit(adapter)));
    return group.join();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as AdapterConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as AdapterConnection).end("commit");
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as AdapterConnection).end("rollback");
  }

  async releaseConnection(): Promise<void> {}

  // The Prisma client owns the adapter and closes it on $disconnect.
  async destroy(): Promise<void> {}
}

/**
 * Kysely's SQLite adapter lets one connection at a time out of its pool (one better-sqlite3 handle
 * cannot interleave two transactions). Here a "connection" is a view of the shared adapter: the
 * SQLite driver adapter (sqlite-driver-adapter.ts) keeps plain queries out of open transactions,
 * and transactions take turns in the group commit, so many may be under way at once.
 */
class SharedSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/** The dialect for `provider`, running on the adapter that `connect` resolves to. */
export function createPrismaAdapterDialect(
  provider: SqlProvider,
  connect: () => Promise<SqlDriverAdapter>,
): Dialect {
  const isPostgres = provider === "postgres";
  return {
    createDriver: () => new AdapterDriver(provider, connect),
    createQueryCompiler: () =>
      isPostgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler(),
    createAdapter: () => (isPostgres ? new PostgresAdapter() : new SharedSqliteAdapter()),
    createIntrospector: (db: Kysely<unknown>) =>
      isPostgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db),
  };
}
