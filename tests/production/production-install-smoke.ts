// The production-install smoke (a step of `npm test`): the repository's files in a clean temporary
// folder, `npm ci --omit=dev` (no dev dependency), `npm run build`, then the container's own
// entrypoint (docker/entrypoint.sh: migrate a fresh SQLite database, seed the plans, start the
// standalone server), and a short journey against it: liveness, the plans page, a checkout that
// sends the shopper to the LINE Pay sandbox (a PENDING order in the database), and the job commands.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { LOCAL_SANDBOX_CHANNEL } from "../../lib/cli/dev-env";
import { startSandbox } from "../../lib/linepay-sandbox/server";
import { generateKeyringEntry } from "../../lib/security/secret-box";
import { signUpAndSignIn, waitForHealth } from "./smoke-http";

const APP_PORT = Number(process.env.PROD_SMOKE_APP_PORT ?? 3190);
const SANDBOX_PORT = Number(process.env.PROD_SMOKE_SANDBOX_PORT ?? 9195);
const APP_URL = `http://localhost:${APP_PORT}`;
const SANDBOX_PUBLIC_URL = `http://localhost:${SANDBOX_PORT}`;
// What a checkout leaves out: build output, installs, local databases and secrets, test output.
const NOT_COPIED = new Set([".git", "node_modules", ".next", "test-results", "playwright-report"]);
const NOT_COPIED_PATHS = new Set(["tests/.tmp", "lib/db/generated", ".env", ".env.local"]);

const started = Date.now();
const root = mkdtempSync(join(tmpdir(), "storefront-prod-"));
const children: ChildProcess[] = [];
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
const step = (text: string) => console.log(`[production smoke ${seconds()} s] ${text}`);

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`production smoke: ${message}`);
}

function runIn(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  check(result.status === 0, `${command} ${args.join(" ")} exited with ${result.status}`);
}

const appEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: "production",
  APP_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: `file:${join(root, "smoke.db")}`,
  APP_BASE_URL: APP_URL,
  NEXTAUTH_URL: APP_URL,
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  LINEPAY_API_BASE_URL: `http://127.0.0.1:${SANDBOX_PORT}`,
  LINEPAY_SANDBOX_PUBLIC_URL: SANDBOX_PUBLIC_URL,
  LINEPAY_CHANNEL_ID: LOCAL_SANDBOX_CHANNEL.id,
  LINEPAY_CHANNEL_SECRET: LOCAL_SANDBOX_CHANNEL.secret,
  REGKEY_ENCRYPTION_KEYS: generateKeyringEntry("smoke1"),
  CRON_SECRET: randomBytes(32).toString("base64url"),
  PORT: String(APP_PORT),
  HOSTNAME: "127.0.0.1",
};

async function main(): Promise<void> {
  step(`copying the repository into ${root}`);
  cpSync(process.cwd(), root, {
    recursive: true,
    filter: (source) => {
      const path = relative(process.cwd(), source);
      const top = path.split("/")[0] ?? "";
      return !NOT_COPIED.has(top) && !NOT_COPIED_PATHS.has(path) && !/\.db(-\w+)?$/.test(path);
    },
  });
  step("npm ci --omit=dev");
  runIn("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"]);
  const devOnly = createRequire(join(root, "package.json"));
  check(!canResolve(devOnly, "vitest"), "a dev dependency (vitest) was installed");
  step("npm run build");
  runIn("npm", ["run", "build"], appEnv);

  const sandbox = await startSandbox({
    port: SANDBOX_PORT,
    host: "127.0.0.1",
    publicUrl: SANDBOX_PUBLIC_URL,
    latencyMs: 0,
    controlApi: true,
    channels: [
      {
        channelId: LOCAL_SANDBOX_CHANNEL.id,
        channelSecret: LOCAL_SANDBOX_CHANNEL.secret,
        currency: "TWD",
      },
    ],
  });
  try {
    step("docker/entrypoint.sh (migrate, seed plans, start the standalone server)");
    const app = spawn("sh", ["docker/entrypoint.sh"], { cwd: root, env: appEnv, stdio: "inherit" });
    children.push(app);
    await waitForHealth(APP_URL, app);

    const plans = await fetch(`${APP_URL}/`);
    check(plans.status === 200, `the plans page answered ${plans.status}`);
    check((await plans.text()).includes("VIP 30 days"), "the plans page shows no seeded plan");

    const cookie = await signUpAndSignIn(APP_URL, `smoke-${Date.now()}@example.com`);
    const checkout = await fetch(`${APP_URL}/api/linepay/checkout`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie,
        origin: APP_URL,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "planCode=vip-30",
    });
    const location = checkout.headers.get("location") ?? "";
    check(checkout.status === 303, `checkout answered ${checkout.status}, not 303`);
    check(location.startsWith(SANDBOX_PUBLIC_URL), `checkout redirected to ${location}`);
    check(countPendingOrders() === 1, "checkout left no PENDING order in the database");

    for (const job of ["renewals", "reconcile"]) {
      step(`npm run ${job}`);
      runIn("npm", ["run", "--silent", job], appEnv);
    }
    step("passed");
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await sandbox.close();
  }
}

function canResolve(require: NodeJS.Require, name: string): boolean {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

function countPendingOrders(): number {
  const require = createRequire(join(root, "package.json"));
  const Database = require("better-sqlite3") as typeof import("better-sqlite3");
  const db = new Database(join(root, "smoke.db"), { readonly: true });
  try {
    const row = db.prepare(`SELECT count(*) AS n FROM "Order" WHERE status = 'PENDING'`).get();
    return (row as { n: number }).n;
  } finally {
    db.close();
  }
}

try {
  await main();
  rmSync(root, { recursive: true, force: true });
  console.log(`Production-install smoke passed in ${seconds()} s.`);
} catch (error) {
  console.error(error);
  console.error(`Production-install smoke failed after ${seconds()} s; files kept in ${root}.`);
  process.exitCode = 1;
}
