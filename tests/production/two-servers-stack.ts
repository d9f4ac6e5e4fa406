// Two `next start` processes of the production build on one PostgreSQL database behind one public
// address (as a load balancer spreads requests), the LINE Pay sandbox, and the job commands as
// processes of their own: shared by the two-server test and the same journeys through PgBouncer.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { LOCAL_SANDBOX_CHANNEL } from "../../lib/cli/dev-env";
import { startSandbox } from "../../lib/linepay-sandbox/server";
import { generateKeyringEntry } from "../../lib/security/secret-box";
import { NEXT_BIN, ensureProductionBuild, productionServerEnv } from "../helpers/production-stack";
import { waitForHealth } from "./smoke-http";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const execFileAsync = promisify(execFile);

export interface TwoServerStack {
  publicUrl: string;
  serverUrl(i: number): string;
  sandboxUrl: string;
  /** POSTs a plan to the checkout on server `i`; returns where the shopper is sent (303). */
  checkout(i: number, cookie: string, planCode: string): Promise<Response>;
  /** The shopper approves at LINE Pay; where LINE Pay sends them back (the app's confirm URL). */
  approveAtLinePay(transactionId: string): Promise<URL>;
  /** A job command in its own process, as cron or a systemd timer starts it; its JSON log line. */
  runJob(job: "renewals" | "reconcile"): Promise<Record<string, unknown>>;
  /** GET /__sandbox/ledger: every LINE Pay transaction the sandbox holds. */
  ledger(): Promise<{ transactions: Array<Record<string, unknown>> }>;
  stop(): Promise<void>;
}

export async function startTwoServerStack(input: {
  ports: [number, number];
  sandboxPort: number;
  /** The DATABASE_URL of the servers and the jobs (the database itself, or a pooler in front). */
  appDatabaseUrl: string;
}): Promise<TwoServerStack> {
  const { ports, sandboxPort } = input;
  const publicUrl = `http://localhost:${ports[0]}`; // the address shoppers and LINE Pay use
  const serverUrl = (i: number) => `http://localhost:${ports[i]}`;
  // The same production build the end-to-end tests use (APP_ENV=test); made when missing.
  await ensureProductionBuild({ ...process.env, APP_ENV: "test" });
  const sandbox = await startSandbox({
    port: sandboxPort,
    host: "127.0.0.1",
    publicUrl: `http://localhost:${sandboxPort}`,
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
  const env = productionServerEnv({
    appUrl: publicUrl,
    databaseUrl: input.appDatabaseUrl,
    linePayApiUrl: sandbox.url,
    channel: LOCAL_SANDBOX_CHANNEL,
    nextAuthSecret: randomBytes(32).toString("base64url"),
    regKeyEncryptionKeys: generateKeyringEntry("two1"),
    cronSecret: randomBytes(32).toString("base64url"),
    appEnv: "test",
    hasTestClock: true,
  });
  const servers: ChildProcess[] = ports.map((port) =>
    spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  const stop = async () => {
    for (const server of servers) server.kill("SIGTERM");
    await sandbox.close();
  };
  await Promise.all(servers.map((server, i) => waitForHealth(serverUrl(i), server))).catch(
    async (error: unknown) => {
      await stop();
      throw error;
    },
  );

  return {
    publicUrl,
    serverUrl,
    sandboxUrl: sandbox.url,
    stop,
    checkout: (i, cookie, planCode) =>
      fetch(`${serverUrl(i)}/api/linepay/checkout`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie,
          origin: publicUrl,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ planCode }).toString(),
      }),
    async approveAtLinePay(transactionId) {
      const response = await fetch(`${sandbox.url}/__sandbox/payments/${transactionId}/approve`, {
        method: "POST",
      });
      const { redirectUrl } = (await response.json()) as { redirectUrl: string };
      return new URL(redirectUrl);
    },
    async runJob(job) {
      // Not spawnSync: the job calls the LINE Pay sandbox, which answers from this process.
      // The jobs run from source, not from the build: they are told the build's APP_ENV (test),
      // which next.config.ts fixes into the servers.
      const { stdout } = await execFileAsync(process.execPath, [TSX, `lib/cli/${job}.ts`], {
        env: { ...env, APP_BUILD_ENV: "test" },
      });
      return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
    },
    async ledger() {
      const response = await fetch(`${sandbox.url}/__sandbox/ledger`);
      return (await response.json()) as { transactions: Array<Record<string, unknown>> };
    },
  };
}
