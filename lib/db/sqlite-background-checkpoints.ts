// WAL checkpoints on a worker thread of their own, for the app server's long-lived connection.
// SQLite copies the WAL back into the database file every 1000 frames (its auto-checkpoint), on
// the connection that just committed: on the server that is the event loop, which then waits for
// two fsyncs (milliseconds each on a virtual disk) and copies the pages itself. At 500 checkouts a
// second that was about 12 checkpoints a second, 5 % of the main thread asleep in fsync.
//
// Here a worker thread with its own connection runs a PASSIVE checkpoint every 100 ms
// (it never waits for, or blocks, the writer), and the request path's own auto-checkpoint moves to
// a safety threshold: it still runs if the worker falls behind, and it is what resets the WAL
// under a write load that never pauses (a reset needs every frame copied back at the start of a
// write). If the worker cannot start or dies, the auto-checkpoint goes back to SQLite's default.
// Durability is unchanged: a commit is in the WAL either way; a checkpoint only moves it.
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** SQLite's default auto-checkpoint, in WAL frames (pages). */
export const INLINE_CHECKPOINT_FRAMES = 1000;
/** With the worker: the writer's own checkpoint only past this many frames (40 MB of 4 KiB pages). */
export const SAFETY_CHECKPOINT_FRAMES = 10_000;
const CHECKPOINT_INTERVAL_MS = 100;

// CommonJS run by the worker (`eval`): require resolves from the working directory, where the app's
// node_modules are (`next start` from the app, the standalone server from its own directory).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file, { timeout: 0, fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // SQLITE_BUSY (another checkpoint is running) and the like: the next round tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoints {
  /** Stops the worker (its connection closes); the writer's auto-checkpoint goes back to the default. */
  stop(): Promise<void>;
}

/** Starts checkpointing `file` (a database in WAL mode) off `db`'s thread. */
export function startBackgroundCheckpoints(
  db: Database.Database,
  file: string,
): BackgroundCheckpoints {
  db.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_FRAMES}`);
  const restoreInline = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_FRAMES}`);
  };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref(); // the process still exits when its work is done
  // Could not load better-sqlite3 or open the file: said once on stderr, and checkpoints run inline.
  worker.once("error", (error: unknown) => {
    restoreInline();
    process.emitWarning(
      `SQLite checkpoints run inline: the checkpoint worker failed (${describeFailure(error)})`,
    );
  });
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      restoreInline();
      resolve();
    }),
  );
  return {
    stop() {
      worker.postMessage("stop");
      return exited;
    },
  };
}

/** better-sqlite3's SqliteError crosses from the worker as a plain object with its code only. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : String(error);
}
