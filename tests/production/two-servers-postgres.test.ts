// More than one app server on one PostgreSQL database: two `next start` processes of the same
// build behind one public address (as a load balancer would spread requests), a shopper's checkout
// on the first and LINE Pay's return (confirm) on the second, and the renewal and reconciliation
// jobs as processes of their own settling what a server started. Readiness then sees the runs.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LOCAL_SANDBOX_CHANNEL } from "../../lib/cli/dev-env";
import { writeClockOffsetMs } from "../../lib/db/test-clock-repository";
import { startSandbox } from "../../lib/linepay-sandbox/server";
import { generateKeyringEntry } from "../../lib/security/secret-box";
import { NEXT_BIN, ensureProductionBuild, productionServerEnv } from "../helpers/production-stack";
import { createTestDatabase, type TestDatabase } from "../helpers/test-databases";
import { signUpAndSignIn, waitForHealth } from "./smoke-http";

// TWO_SERVERS_PORTS="<app 1>,<app 2>,<sandbox>" moves them (two checkouts side by side).
const [APP_PORT_1, APP_PORT_2, SANDBOX_PORT] = (process.env.TWO_SERVERS_PORTS ?? "3191,3192,9196")
  .split(",")
  .map(Number) as [number, number, number];
const PORTS = [APP_PORT_1, APP_PORT_2];
const PUBLIC_URL = `http://localhost:${PORTS[0]}`; // the address shoppers and LINE Pay use
const serverUrl = (i: number) => `http://localhost:${PORTS[i]}`;
const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const MINUTE = 60_000;
const execFileAsync = promisify(execFile);

let database: TestDatabase;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let env: NodeJS.ProcessEnv;
const servers: ChildProcess[] = [];

beforeAll(async () => {
  // The same production build the end-to-end tests use (APP_ENV=test); made when missing.
  await ensureProductionBuild({ ...process.env, APP_ENV: "test" });
  database = await createTestDatabase("postgres");
  sandbox = await startSandbox({
    port: SANDBOX_PORT,
    host: "127.0.0.1",
    publicUrl: `http://localhost:${SANDBOX_PORT}`,
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
  env = productionServerEnv({
    appUrl: PUBLIC_URL,
    databaseUrl: database.url,
    linePayApiUrl: sandbox.url,
    channel: LOCAL_SANDBOX_CHANNEL,
    nextAuthSecret: randomBytes(32).toString("base64url"),
    regKeyEncryptionKeys: generateKeyringEntry("two1"),
    cronSecret: randomBytes(32).toString("base64url"),
    appEnv: "test",
    hasTestClock: true,
  });
  for (const port of PORTS) {
    const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    servers.push(server);
  }
  await Promise.all(servers.map((server, i) => waitForHealth(serverUrl(i), server)));
});

afterAll(async () => {
  for (const server of servers) server.kill("SIGTERM");
  await sandbox?.close();
  await database?.drop();
});

/** A job command in its own process, as cron or a systemd timer starts it; its JSON log line. */
async function runJob(job: "renewals" | "reconcile"): Promise<Record<string, unknown>> {
  // Not spawnSync: the job calls the LINE Pay sandbox, which answers from this process.
  // The jobs run from source, not from the build: they are told the build's APP_ENV (test), which
  // next.config.ts fixes into the servers.
  const { stdout } = await execFileAsync(process.execPath, [TSX, `lib/cli/${job}.ts`], {
    env: { ...env, APP_BUILD_ENV: "test" },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
}

async function checkout(
  server: number,
  cookie: string,
): Promise<{ id: string; transactionId: string }> {
  const response = await fetch(`${serverUrl(server)}/api/linepay/checkout`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: PUBLIC_URL, "content-type": "application/x-www-form-urlencoded" },
    body: "planCode=vip-30",
  });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toContain(`localhost:${SANDBOX_PORT}`);
  const order = await database.db.order.findFirstOrThrow({
    where: { user: { email: { contains: "@two-servers.test" } }, status: "PENDING" },
    orderBy: { createdAt: "desc" },
  });
  return { id: order.id, transactionId: order.transactionId! };
}

async function approveAtLinePay(transactionId: string): Promise<URL> {
  const response = await fetch(`${sandbox.url}/__sandbox/payments/${transactionId}/approve`, {
    method: "POST",
  });
  const { redirectUrl } = (await response.json()) as { redirectUrl: string };
  return new URL(redirectUrl);
}

it("checkout on one server, LINE Pay's return on the other, jobs in their own processes", async () => {
  const cookie = await signUpAndSignIn(serverUrl(0), `a-${Date.now()}@two-servers.test`);
  const first = await checkout(0, cookie);
  const confirmUrl = await approveAtLinePay(first.transactionId);
  expect(confirmUrl.origin).toBe(PUBLIC_URL);
  // The load balancer sends LINE Pay's return to the second server.
  const confirm = await fetch(`${serverUrl(1)}${confirmUrl.pathname}${confirmUrl.search}`, {
    redirect: "manual",
    headers: { cookie },
  });
  expect(confirm.status).toBe(303);
  expect(confirm.headers.get("location")).toContain("/checkout/success");
  const paid = await database.db.order.findUniqueOrThrow({ where: { id: first.id } });
  expect(paid.status).toBe("PAID");
  expect(await database.db.entitlement.count({ where: { orderId: first.id } })).toBe(1);

  // A second shopper approves on the second server's checkout and closes the tab: the
  // reconciliation process settles it once the in-flight window has passed (test clock).
  const other = await signUpAndSignIn(serverUrl(1), `b-${Date.now()}@two-servers.test`, PUBLIC_URL);
  const second = await checkout(1, other);
  await approveAtLinePay(second.transactionId); // the redirect is never followed
  await writeClockOffsetMs(database.db, 6 * MINUTE);
  try {
    expect(await runJob("renewals")).toMatchObject({ job: "renewals", errors: 0 });
    expect(await runJob("reconcile")).toMatchObject({ job: "reconcile", settled: 1, errors: 0 });
  } finally {
    await writeClockOffsetMs(database.db, 0);
  }
  const settled = await database.db.order.findUniqueOrThrow({ where: { id: second.id } });
  expect(settled.status).toBe("PAID");
  expect((await database.db.renewalRun.findFirstOrThrow()).trigger).toBe("cli");

  // Both servers see the same runs: ready.
  for (const i of [0, 1]) {
    const ready = await fetch(`${serverUrl(i)}/api/health/ready`);
    expect(ready.status).toBe(200);
  }
}, 120_000);
