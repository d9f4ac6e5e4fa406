// `npm run dev`: migrates and seeds the database, starts the local LINE Pay sandbox (unless
// LINEPAY_API_BASE_URL points elsewhere), the local SinoPac emulator (unless SINOPAC_* point
// elsewhere or turn it off), the local mail catcher (unless SMTP_URL is set), the local LINE
// sandbox (unless LINE_LOGIN_CHANNEL_ID is set) and the Next.js dev
// server, runs renewals, reconciliation and the notice sender on a schedule (lib/cli/dev-jobs.ts),
// and stops everything on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createDb } from "../db/client";
import { seedDatabase } from "../../prisma/seed-database";
import { demoAccounts } from "../../prisma/seed-data";
import { applyDevEnv } from "./dev-env";
import { devJobsIntervalMs, startDevJobs, type DevJobs } from "./dev-jobs";
import { migrateDatabase } from "./migrate-database";

const settings = applyDevEnv();
const databaseUrl = settings.env.DATABASE_URL;
const require = createRequire(import.meta.url);

migrateDatabase(databaseUrl);
const db = createDb(databaseUrl);
await seedDatabase(db, { withDemoAccounts: true });
await db.$disconnect();

const children: ChildProcess[] = [];
function run(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: "inherit", env: process.env });
  child.on("exit", (code) => shutdown(code ?? 1));
  children.push(child);
  return child;
}

let isShuttingDown = false;
let jobs: DevJobs | undefined;
function shutdown(code: number): void {
  if (isShuttingDown) return;
  isShuttingDown = true;
  void jobs?.stop();
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

if (settings.isLocalSandbox) {
  run(process.execPath, [require.resolve("tsx/cli"), "lib/linepay-sandbox/main.ts"]);
} else {
  console.log(
    `Using LINE Pay at ${settings.env.LINEPAY_API_BASE_URL} (local sandbox not started).`,
  );
}
if (settings.isLocalSinoPac) {
  run(process.execPath, [require.resolve("tsx/cli"), "lib/sinopac-sandbox/main.ts"]);
} else if (settings.env.SINOPAC_ENABLED === "1") {
  console.log(
    `Using SinoPac at ${settings.env.SINOPAC_API_BASE_URL} (local emulator not started).`,
  );
}
if (settings.isLocalLine) {
  run(process.execPath, [require.resolve("tsx/cli"), "lib/line-sandbox/main.ts"]);
  console.log(`LINE sign-in and messages: ${process.env.LINE_SANDBOX_PUBLIC_URL}`);
}
if (settings.env.SMTP_URL) {
  console.log("Mailing notices through SMTP_URL (local mail catcher not started).");
} else {
  run(process.execPath, [require.resolve("tsx/cli"), "lib/mail-emulator/main.ts"]);
  console.log(`Notices arrive at http://127.0.0.1:${settings.env.MAIL_CATCHER_WEB_PORT}`);
}
run(process.execPath, [
  require.resolve("next/dist/bin/next"),
  "dev",
  "-p",
  String(settings.appPort),
]);

const jobsIntervalMs = devJobsIntervalMs(settings.env);
if (jobsIntervalMs > 0) {
  jobs = startDevJobs({ env: settings.env, db: createDb(databaseUrl), intervalMs: jobsIntervalMs });
}

console.log(`
  VIP storefront:       ${settings.env.APP_BASE_URL}
  SinoPac 豐收款:        ${settings.env.SINOPAC_ENABLED === "1" ? (settings.env.SINOPAC_SANDBOX_PUBLIC_URL ?? settings.env.SINOPAC_API_BASE_URL) : "off (SINOPAC_ENABLED=0)"}
  Database:             ${databaseUrl.startsWith("file:") ? databaseUrl : "PostgreSQL"}
  Demo shopper:         ${demoAccounts[0].email} / ${demoAccounts[0].password}
  Demo admin:           ${demoAccounts[1].email} / ${demoAccounts[1].password}
  Renewals + reconcile: ${jobsIntervalMs > 0 ? `every ${jobsIntervalMs / 1000} s (DEV_JOBS_INTERVAL_SECONDS)` : "off (DEV_JOBS_INTERVAL_SECONDS=0)"}
`);
