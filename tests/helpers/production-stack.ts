// What a production server of the app (`next start` on the build in .next) needs, shared by the
// end-to-end stack (tests/e2e/start-stack.ts) and the checkout benchmark: its environment, a fresh
// migrated and seeded SQLite database, and the production build itself.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createDb } from "../../lib/db/client";
import { migrateDatabase } from "../../lib/cli/migrate-database";
import { seedDatabase } from "../../prisma/seed-database";

const require = createRequire(import.meta.url);

/** The Next.js CLI (`node <nextBin> start …`), run with this process's Node. */
export const NEXT_BIN = require.resolve("next/dist/bin/next");

export interface ProductionServerEnvInput {
  appUrl: string;
  databaseUrl: string;
  /** Where the app calls LINE Pay (the sandbox's API URL). */
  linePayApiUrl: string;
  channel: { id: string; secret: string };
  nextAuthSecret: string;
  regKeyEncryptionKeys: string;
  cronSecret: string;
  /** APP_ENV: "test" for the e2e stack, "production" for measurements. */
  appEnv: "test" | "production";
  /** TEST_CLOCK_ENABLED=1 (refused with appEnv "production"). */
  hasTestClock: boolean;
}

/** process.env plus everything `next start` reads for this stack. */
export function productionServerEnv(input: ProductionServerEnvInput): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    APP_ENV: input.appEnv,
    TEST_CLOCK_ENABLED: input.hasTestClock ? "1" : "0",
    REGKEY_ENCRYPTION_KEYS: input.regKeyEncryptionKeys,
    CRON_SECRET: input.cronSecret,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: input.databaseUrl,
    APP_BASE_URL: input.appUrl,
    NEXTAUTH_URL: input.appUrl,
    NEXTAUTH_SECRET: input.nextAuthSecret,
    LINEPAY_API_BASE_URL: input.linePayApiUrl,
    LINEPAY_CHANNEL_ID: input.channel.id,
    LINEPAY_CHANNEL_SECRET: input.channel.secret,
  };
}

/** Deletes a SQLite file and its journal, WAL and shared-memory files. */
export function removeSqliteFile(file: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

/** Runs the real migrations and the app's seed (plans; demo accounts if asked). */
export async function migrateAndSeed(
  databaseUrl: string,
  options: { withDemoAccounts: boolean },
): Promise<void> {
  migrateDatabase(databaseUrl);
  const db = createDb(databaseUrl);
  await seedDatabase(db, options);
  await db.$disconnect();
}

// Which APP_ENV the build in .next was made for: a production build refuses APP_ENV=test unless
// it was built with it (next.config.ts, lib/env.ts), so a build for the other one is made again.
const BUILD_APP_ENV_FILE = ".next/app-build-env";
const buildAppEnvOf = (env: NodeJS.ProcessEnv) => (env.APP_ENV === "test" ? "test" : "production");

/** Runs `next build` when there is no production build for env's APP_ENV yet (or always, with `force`). */
export async function ensureProductionBuild(
  env: NodeJS.ProcessEnv,
  options: { force?: boolean } = {},
): Promise<void> {
  const builtFor = existsSync(BUILD_APP_ENV_FILE) ? readFileSync(BUILD_APP_ENV_FILE, "utf8") : null;
  const isReusable = existsSync(".next/BUILD_ID") && builtFor === buildAppEnvOf(env);
  if (!options.force && isReusable) return;
  console.log(
    options.force ? "Running next build." : "No production build found; running next build first.",
  );
  await new Promise<void>((resolve, reject) => {
    spawn(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env }).on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    );
  });
  writeFileSync(BUILD_APP_ENV_FILE, buildAppEnvOf(env));
}
