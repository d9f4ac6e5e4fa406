// Starts what the browser tests talk to: a fresh migrated and seeded SQLite database, the LINE Pay
// sandbox as its own process (exactly `npm run sandbox`), and `next start` on the production build.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createDb } from "../../lib/db/client";
import { migrateDatabase } from "../../lib/cli/migrate-database";
import { LOCAL_SANDBOX_CHANNEL } from "../../lib/cli/dev-env";
import { seedDatabase } from "../../prisma/seed-database";
import { generateKeyringEntry } from "../../lib/security/secret-box";
import {
  E2E_APP_LOG,
  E2E_APP_PORT,
  E2E_APP_URL,
  E2E_CRON_SECRET,
  E2E_DATABASE_FILE,
  E2E_SANDBOX_LOG,
  E2E_SANDBOX_PORT,
  E2E_SANDBOX_URL,
  E2E_SECRETS_FILE,
} from "./stack-config";

const require = createRequire(import.meta.url);
mkdirSync("tests/.tmp", { recursive: true });
for (const suffix of ["", "-journal", "-wal", "-shm"])
  rmSync(E2E_DATABASE_FILE + suffix, { force: true });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  APP_ENV: "test",
  TEST_CLOCK_ENABLED: "1",
  REGKEY_ENCRYPTION_KEYS: generateKeyringEntry("e2e1"),
  CRON_SECRET: E2E_CRON_SECRET,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: `file:./${E2E_DATABASE_FILE}`,
  APP_BASE_URL: E2E_APP_URL,
  NEXTAUTH_URL: E2E_APP_URL,
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  LINEPAY_API_BASE_URL: E2E_SANDBOX_URL,
  LINEPAY_CHANNEL_ID: LOCAL_SANDBOX_CHANNEL.id,
  LINEPAY_CHANNEL_SECRET: LOCAL_SANDBOX_CHANNEL.secret,
  LINEPAY_SANDBOX_PORT: String(E2E_SANDBOX_PORT),
  LINEPAY_SANDBOX_PUBLIC_URL: `http://localhost:${E2E_SANDBOX_PORT}`,
};

// The secrets test (security-pages.spec.ts) must know what to look for; this run's values only, git-ignored.
const secrets = {
  LINEPAY_CHANNEL_SECRET: env.LINEPAY_CHANNEL_SECRET,
  NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
  REGKEY_ENCRYPTION_KEYS: env.REGKEY_ENCRYPTION_KEYS,
  CRON_SECRET: env.CRON_SECRET,
};
writeFileSync(E2E_SECRETS_FILE, JSON.stringify(secrets), { mode: 0o600 });

migrateDatabase(env.DATABASE_URL as string);
const db = createDb(env.DATABASE_URL as string);
await seedDatabase(db, { withDemoAccounts: true });
await db.$disconnect();

if (!existsSync(".next/BUILD_ID")) {
  console.log("No production build found; running next build first.");
  await new Promise<void>((resolve, reject) => {
    spawn(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
      stdio: "inherit",
      env,
    }).on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    );
  });
}

/** Starts a process whose output goes both to ours (Playwright shows it) and to a log file. */
function spawnLogged(args: string[], logFile: string): ChildProcess {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env });
  child.stdout?.on("data", (chunk: Buffer) => (process.stdout.write(chunk), log.write(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => (process.stderr.write(chunk), log.write(chunk)));
  return child;
}

const children: ChildProcess[] = [
  spawnLogged([require.resolve("tsx/cli"), "lib/linepay-sandbox/main.ts"], E2E_SANDBOX_LOG),
  spawnLogged(
    [require.resolve("next/dist/bin/next"), "start", "-p", String(E2E_APP_PORT)],
    E2E_APP_LOG,
  ),
];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
for (const child of children)
  child.on("exit", (code) => {
    console.error(`e2e stack process exited (${code}); stopping`);
    stop();
  });
