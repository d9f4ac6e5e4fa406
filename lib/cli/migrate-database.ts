// Runs `prisma migrate deploy` for one database. prisma.config.ts picks the schema, migrations
// and driver adapter from DATABASE_URL, so the same call serves SQLite and Postgres.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export function migrateDatabase(databaseUrl: string): void {
  if (databaseUrl.startsWith("file:")) useWriteAheadLog(databaseUrl);
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  execFileSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * SQLite in WAL mode lets readers work while one writer commits, which several renewal runners or
 * a runner beside the web app need. The mode is stored in the database file, so setting it once
 * at migration time is enough.
 */
function useWriteAheadLog(databaseUrl: string): void {
  const require = createRequire(import.meta.url);
  const Database = require("better-sqlite3") as typeof import("better-sqlite3");
  const db = new Database(databaseUrl.slice("file:".length));
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}
