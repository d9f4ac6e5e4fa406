// Retries a database operation that failed for a transient reason: SQLite's single writer was busy,
// Postgres aborted a transaction on a conflict or deadlock, or a transaction could not start in
// time. Only for operations that are safe to repeat (compare-and-set updates, upserts, inserts
// guarded by unique keys); never wraps a LINE Pay call. SQLite answers "database is locked" at
// once (without waiting) when a transaction that has read must write after another process
// committed, so under several renewal processes the retry budget is generous.

import { GroupCommitAbortedError } from "./sqlite-group-commit";

const TRANSIENT_PRISMA_CODES = new Set(["P2034", "P2028", "P1017"]);
const TRANSIENT_MESSAGE =
  /database is locked|SQLITE_BUSY|could not serialize|deadlock detected|Operation has timed out|Unable to start a transaction/i;

export function isTransientDbError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && TRANSIENT_PRISMA_CODES.has(code)) return true;
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_MESSAGE.test(error.message)) return true;
  // A group commit whose transaction SQLite ended: every member was undone, so each may run again.
  if (error instanceof GroupCommitAbortedError) return true;
  // Typed SQL (prisma-adapter-dialect.ts) fails with the driver adapter's error: SQLite's busy answer is
  // { kind: "SocketTimeout", originalCode: "SQLITE_BUSY" }, Postgres's { kind: "postgres", code, message }.
  if (error.name !== "DriverAdapterError") return false;
  const cause = error.cause as
    | { kind?: unknown; code?: unknown; originalCode?: unknown; originalMessage?: unknown }
    | undefined;
  if (cause?.kind === "SocketTimeout" || cause?.kind === "TransactionWriteConflict") return true;
  if (typeof cause?.originalCode === "string" && /^SQLITE_BUSY/.test(cause.originalCode))
    return true;
  if (cause?.kind === "postgres" && (cause.code === "40001" || cause.code === "40P01")) return true;
  return (
    typeof cause?.originalMessage === "string" && TRANSIENT_MESSAGE.test(cause.originalMessage)
  );
}

export async function retryTransient<T>(operation: () => Promise<T>, attempts = 25): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isTransientDbError(error)) throw error;
      // Jittered back-off so competing writers do not collide again in lock step.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(500, 10 * 2 ** attempt) * (0.5 + Math.random())),
      );
    }
  }
}
