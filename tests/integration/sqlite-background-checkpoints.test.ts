// WAL checkpoints on a worker thread (lib/db/sqlite-background-checkpoints.ts), on real SQLite
// files: what the app's connection commits reaches the database file without the connection
// checkpointing itself, the committing connection's own checkpoint moves to a safety threshold, and
// it comes back to SQLite's default when the worker stops or cannot start. "Reached the database
// file" is read from a copy of the file alone, without its WAL: only checkpointed pages are in it.
import { copyFileSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteAdapterFactory } from "@/lib/db/sqlite-driver-adapter";
import {
  INLINE_CHECKPOINT_FRAMES,
  SAFETY_CHECKPOINT_FRAMES,
  startBackgroundCheckpoints,
} from "@/lib/db/sqlite-background-checkpoints";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { createTestDatabase, type TestDatabase } from "../helpers/test-databases";

const AT = new Date("2026-12-03T08:30:00.000Z");
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function migratedDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase("sqlite");
  await database.db.$disconnect(); // only the adapter under test writes
  cleanup.push(() => database.drop());
  return database;
}

async function connect(url: string, backgroundCheckpoints: boolean): Promise<SqlDriverAdapter> {
  const adapter = await new SqliteAdapterFactory({ url, backgroundCheckpoints }).connect();
  cleanup.push(() => adapter.dispose());
  return adapter;
}

async function writeWindows(adapter: SqlDriverAdapter, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await adapter.executeRaw({
      sql: `INSERT INTO "RateLimitWindow" ("key", "windowStart", "hits") VALUES (?, ?, 1)`,
      args: [`k-${i}`, AT.toISOString()],
      argTypes: [
        { scalarType: "string", arity: "scalar" },
        { scalarType: "string", arity: "scalar" },
      ],
    });
  }
}

/** Rows of RateLimitWindow in the database file itself, its WAL left out. */
function rowsInDatabaseFile(url: string): number {
  const file = url.replace(/^file:/, "");
  const copy = `${file}.without-wal`;
  copyFileSync(file, copy);
  try {
    const db = new Database(copy, { readonly: true });
    try {
      return Number(db.prepare(`SELECT count(*) FROM "RateLimitWindow"`).pluck().get());
    } finally {
      db.close();
    }
  } finally {
    rmSync(copy, { force: true });
  }
}

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe("[sqlite] WAL checkpoints on a worker thread", () => {
  it("commits reach the database file without the writer checkpointing; without the worker they wait in the WAL", async () => {
    // 40 small commits: far fewer WAL frames than SQLite's 1000-frame auto-checkpoint.
    const withWorker = await migratedDatabase();
    await writeWindows(await connect(withWorker.url, true), 40);
    expect(await eventually(() => rowsInDatabaseFile(withWorker.url) === 40)).toBe(true);

    const inline = await migratedDatabase();
    await writeWindows(await connect(inline.url, false), 40);
    await new Promise((resolve) => setTimeout(resolve, 500)); // five of the worker's rounds
    expect(rowsInDatabaseFile(inline.url)).toBe(0);
  });

  it("the writer's own checkpoint waits for the safety threshold while the worker runs, and is back to SQLite's default when it stops", async () => {
    const database = await migratedDatabase();
    const db = new Database(database.url.replace(/^file:/, ""));
    cleanup.push(() => void db.close());
    const autoCheckpoint = () => db.pragma("wal_autocheckpoint", { simple: true });
    expect(autoCheckpoint()).toBe(INLINE_CHECKPOINT_FRAMES);

    const checkpoints = startBackgroundCheckpoints(db, db.name);
    expect(autoCheckpoint()).toBe(SAFETY_CHECKPOINT_FRAMES);
    await checkpoints.stop();
    expect(autoCheckpoint()).toBe(INLINE_CHECKPOINT_FRAMES);
  });

  it("a worker that cannot open the file leaves the writer checkpointing as before, and says why", async () => {
    const database = await migratedDatabase();
    const db = new Database(database.url.replace(/^file:/, ""));
    cleanup.push(() => void db.close());
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    cleanup.push(() => void process.off("warning", onWarning));
    const checkpoints = startBackgroundCheckpoints(db, `${db.name}.missing`);
    cleanup.push(() => checkpoints.stop());
    const isInline = () =>
      db.pragma("wal_autocheckpoint", { simple: true }) === INLINE_CHECKPOINT_FRAMES;
    expect(await eventually(isInline)).toBe(true);
    // Said once, with SQLite's reason (its error crosses from the worker as a bare code).
    expect(await eventually(() => warnings.length > 0)).toBe(true);
    expect(warnings).toEqual([
      "SQLite checkpoints run inline: the checkpoint worker failed (SQLITE_CANTOPEN)",
    ]);
  });
});
