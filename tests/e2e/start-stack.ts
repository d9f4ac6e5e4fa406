// Starts what the browser tests talk to: a fresh migrated and seeded database (SQLite, or
// PostgreSQL when E2E_DATABASE_URL names one), the LINE Pay
// sandbox and the SinoPac emulator as their own processes (exactly `npm run sandbox` and
// `npm run sinopac-sandbox`), the local mail catcher (exactly `npm run mail`), the local LINE
// sandbox (exactly `npm run line-sandbox`), and `next start` on
// the production build.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { LOCAL_SANDBOX_CHANNEL, localLineEnv, localSinoPacEnv } from "../../lib/cli/dev-env";
import { generateKeyringEntry } from "../../lib/security/secret-box";
import { createDb } from "../../lib/db/client";
import { seedDatabase } from "../../prisma/seed-database";
import { recreatePostgresDatabase } from "../helpers/test-databases";
import {
  NEXT_BIN,
  ensureProductionBuild,
  migrateAndSeed,
  productionServerEnv,
  removeSqliteFile,
} from "../helpers/production-stack";
import {
  E2E_APP_LOG,
  E2E_APP_PORT,
  E2E_APP_URL,
  E2E_CRON_SECRET,
  E2E_DATABASE_FILE,
  E2E_DATABASE_URL,
  E2E_LINE_LOG,
  E2E_LINE_PORT,
  E2E_MAIL_LOG,
  E2E_MAIL_SMTP_PORT,
  E2E_MAIL_WEB_PORT,
  E2E_SANDBOX_LOG,
  E2E_SANDBOX_PORT,
  E2E_SANDBOX_URL,
  E2E_SECRETS_FILE,
  E2E_SINOPAC_LOG,
  E2E_SINOPAC_PORT,
  isE2ePostgres,
} from "./stack-config";

const require = createRequire(import.meta.url);
mkdirSync("tests/.tmp", { recursive: true });
removeSqliteFile(E2E_DATABASE_FILE);

const env: NodeJS.ProcessEnv = {
  ...productionServerEnv({
    appUrl: E2E_APP_URL,
    databaseUrl: E2E_DATABASE_URL,
    linePayApiUrl: E2E_SANDBOX_URL,
    channel: LOCAL_SANDBOX_CHANNEL,
    nextAuthSecret: randomBytes(32).toString("base64url"),
    regKeyEncryptionKeys: generateKeyringEntry("e2e1"),
    cronSecret: E2E_CRON_SECRET,
    appEnv: "test",
    hasTestClock: true,
  }),
  // Each test sends its own X-Forwarded-For (tests/e2e/fixtures.ts), standing in for the one proxy
  // a deployment would have in front of the app.
  TRUSTED_PROXY_HOPS: "1",
  // The sandbox child (started below with this same environment) reads these.
  LINEPAY_SANDBOX_PORT: String(E2E_SANDBOX_PORT),
  LINEPAY_SANDBOX_PUBLIC_URL: `http://localhost:${E2E_SANDBOX_PORT}`,
  // Notices go to the mail catcher child, which reads its ports from this same environment.
  SMTP_URL: `smtp://127.0.0.1:${E2E_MAIL_SMTP_PORT}`,
  MAIL_CATCHER_SMTP_PORT: String(E2E_MAIL_SMTP_PORT),
  MAIL_CATCHER_WEB_PORT: String(E2E_MAIL_WEB_PORT),
  // The app and the SinoPac emulator child read the same names; the scheduler is driven by tests
  // through its control API and clock, so ATM accounts never pay themselves behind a test's back.
  ...localSinoPacEnv(E2E_SINOPAC_PORT),
  SINOPAC_SANDBOX_ATM_AUTOPAY_MINUTES: "0",
  // LINE sign-in and LINE messages through the local LINE sandbox child (same names).
  ...localLineEnv(E2E_LINE_PORT),
};

// The secrets test (security-pages.spec.ts) must know what to look for; this run's values only, git-ignored.
const secrets = {
  LINEPAY_CHANNEL_SECRET: env.LINEPAY_CHANNEL_SECRET,
  NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
  REGKEY_ENCRYPTION_KEYS: env.REGKEY_ENCRYPTION_KEYS,
  CRON_SECRET: env.CRON_SECRET,
  LINE_LOGIN_CHANNEL_SECRET: env.LINE_LOGIN_CHANNEL_SECRET,
  LINE_MESSAGING_CHANNEL_ACCESS_TOKEN: env.LINE_MESSAGING_CHANNEL_ACCESS_TOKEN,
};
writeFileSync(E2E_SECRETS_FILE, JSON.stringify(secrets), { mode: 0o600 });

if (isE2ePostgres) {
  // A copy of the migrated template (prisma migrate deploy against Postgres is slow here), seeded.
  await recreatePostgresDatabase(E2E_DATABASE_URL);
  const db = createDb(E2E_DATABASE_URL);
  await seedDatabase(db, { withDemoAccounts: true });
  await db.$disconnect();
} else {
  await migrateAndSeed(E2E_DATABASE_URL, { withDemoAccounts: true });
}
await ensureProductionBuild(env);

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
  spawnLogged([require.resolve("tsx/cli"), "lib/mail-emulator/main.ts"], E2E_MAIL_LOG),
  spawnLogged([require.resolve("tsx/cli"), "lib/sinopac-sandbox/main.ts"], E2E_SINOPAC_LOG),
  spawnLogged([require.resolve("tsx/cli"), "lib/line-sandbox/main.ts"], E2E_LINE_LOG),
  spawnLogged([NEXT_BIN, "start", "-p", String(E2E_APP_PORT)], E2E_APP_LOG),
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
