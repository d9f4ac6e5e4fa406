// Runs `prisma migrate deploy` for one database. prisma.config.ts picks the schema, migrations
// and driver adapter from DATABASE_URL, so the same call serves SQLite and Postgres.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export function migrateDatabase(databaseUrl: string): void {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  execFileSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
