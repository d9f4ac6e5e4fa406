// Checkout cost benchmark (a script, not a test): on one production server (`next start`, SQLite,
// the LINE Pay sandbox as its own process with latency 0), requests/s of the checkout POST against
// requests/s of GET /api/health, measured side by side with autocannon: health, checkout, health.
// Also the server's CPU time per request (from /proc, the `next start` process tree) and, in this
// process, the database statements and transactions one checkout sends (the route's rate limit,
// session user lookup and startCheckout, counted at the driver adapter).
//
//   npm run bench:checkout                                    # DURATION=10 CONNECTIONS=10
//   npx tsx tests/bench/checkout-bench.ts DURATION=20 CONNECTIONS=20 BUILD=1
//
// Options (KEY=value arguments or env vars): DURATION seconds per phase (10), CONNECTIONS (10),
// SHOPPERS (800 × (DURATION + WARMUP)): every checkout is a different shopper's first tap, so each
// one writes a new order and asks LINE Pay for a payment (a repeat tap would only hand back the
// shopper's open order, a cheaper path that is not what a purchase costs); SHOPPERS bounds the
// checkouts of the run, WARMUP seconds of each kind before measuring (2), COUNT_N checkouts counted
// in process (50), BUILD=1 runs `next build` first (it runs anyway when .next has no build),
// CPU_PROF=dir starts the server with `node --cpu-prof` (a V8 profile of its whole life, written there).
// Exits 1 if a checkout did not answer 303 or the new PENDING orders differ from the 303s, 2 on error.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { createDb, type Db } from "@/lib/db/client";
import { generateKeyringEntry } from "@/lib/security/secret-box";
import { TEST_CHANNEL } from "../helpers/checkout-harness";
import {
  ensureProductionBuild,
  migrateAndSeed,
  NEXT_BIN,
  productionServerEnv,
  removeSqliteFile,
} from "../helpers/production-stack";
import { freePort, startSandboxProcess, type SandboxProcess } from "../helpers/sandbox-process";
import { countCheckoutStatements } from "./checkout-bench-count";
import { processTree, processTreeCpuS, runPhase, type PhaseResult } from "./checkout-bench-load";
import { installStatementCounter } from "./checkout-bench-statements";

const argv = new Map(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, "").split("="))
    .filter((kv): kv is [string, string] => kv.length === 2)
    .map(([k, v]) => [k.toUpperCase().replace(/-/g, "_"), v]),
);
function intOpt(name: string, fallback: number, min = 0): number {
  const raw = argv.get(name) ?? process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
}

/** Which code was measured: HEAD plus any uncommitted changes under lib/, app/ or prisma/. */
function codeVersion(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "lib", "app", "prisma"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean)
      .map((line) => line.slice(3));
    return dirty.length ? `${head} + uncommitted ${dirty.join(", ")}` : head;
  } catch {
    return "unknown (no git)";
  }
}

const DURATION = intOpt("DURATION", 10, 1);
const CONNECTIONS = intOpt("CONNECTIONS", 10, 1);
const WARMUP = intOpt("WARMUP", 2, 0);
const SHOPPERS = intOpt("SHOPPERS", 800 * (DURATION + WARMUP), 1);
const COUNT_N = intOpt("COUNT_N", 50, 1);
const BUILD = intOpt("BUILD", 0, 0) === 1;
const CPU_PROF = argv.get("CPU_PROF") ?? process.env.CPU_PROF;
const PLAN_CODE = "vip-30";

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const fmt = (value: number, digits = 1) => value.toFixed(digits);

interface Server {
  url: string;
  child: ChildProcess;
  pid: number;
}

async function startServer(env: NodeJS.ProcessEnv, port: number, logFile: string): Promise<Server> {
  const out = openSync(logFile, "w");
  const profile = CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"],
    { env, stdio: ["ignore", out, out] },
  );
  if (child.pid === undefined) throw new Error("next start did not start");
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`next start exited (${child.exitCode}); see ${logFile}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child, pid: child.pid };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer /api/health within 120 s; see ${logFile}`);
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.kill("SIGTERM");
  await exited;
}

/** Shoppers written straight to the database, each with a session cookie minted like next-auth's. */
async function createShopperCookies(db: Db, count: number, secret: string): Promise<string[]> {
  const run = randomBytes(4).toString("hex");
  const data = Array.from({ length: count }, (_, i) => ({
    email: `bench-${run}-${i}@example.com`,
    role: "SHOPPER" as const,
    locale: "en", // as sign-up stores it; the checkout POST below asks in English too
  }));
  await db.user.createMany({ data });
  const users = await db.user.findMany({
    where: { email: { startsWith: `bench-${run}-` } },
    select: { id: true, email: true },
  });
  // The token lib/auth/auth-options.ts's jwt callback makes at sign-in: sub = user id, role.
  return Promise.all(
    users.map(async (user) => {
      const token = await encode({
        token: { name: null, email: user.email, picture: null, sub: user.id, role: "SHOPPER" },
        secret,
      });
      return `next-auth.session-token=${token}`;
    }),
  );
}

const pendingWithTransaction = (db: Db) =>
  db.order.count({ where: { status: "PENDING", transactionId: { not: null } } });

/** Orders can still be written after a timed run stops (requests cut off in flight): wait until the count holds. */
async function settledPendingCount(db: Db): Promise<number> {
  let previous = await pendingWithTransaction(db);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = await pendingWithTransaction(db);
    if (current === previous) return current;
    previous = current;
  }
}

function printPhase(p: PhaseResult) {
  console.log(
    `| ${p.label.padEnd(16)} | ${String(p.requests).padStart(6)} | ${fmt(p.durationS, 2).padStart(6)} | ${fmt(p.rps).padStart(7)} | ${fmt(p.p50Ms, 2).padStart(6)} | ${fmt(p.p99Ms, 2).padStart(6)} | ` +
      `${fmt(p.serverCpuMsPerRequest, 2).padStart(10)} | ${fmt(p.serverCpuS / p.durationS, 2).padStart(6)} | ` +
      `${fmt(p.serverMainThread.runningMsPerS, 0)} / ${fmt(p.serverMainThread.waitingMsPerS, 0)} / ${fmt(p.serverMainThread.asleepMsPerS, 0)} | ` +
      `${fmt(p.sandboxCpuS, 2).padStart(10)} | ${fmt(p.loadGeneratorCpuS, 2).padStart(10)} | ${fmt(p.loadAvg[0], 2)} → ${fmt(p.loadAvg[1], 2)} | ${p.statusCounts} |`,
  );
}

async function main(): Promise<number> {
  const code = codeVersion();
  log(`code: ${code}`);
  log(
    `DURATION=${DURATION} CONNECTIONS=${CONNECTIONS} SHOPPERS=${SHOPPERS} WARMUP=${WARMUP} COUNT_N=${COUNT_N} BUILD=${BUILD ? 1 : 0}`,
  );
  const counter = installStatementCounter();
  mkdirSync("tests/.tmp", { recursive: true });
  const dbFile = join(
    process.cwd(),
    "tests/.tmp",
    `checkout-bench-${randomBytes(4).toString("hex")}.db`,
  );
  const databaseUrl = `file:${dbFile}`;
  const sandbox: SandboxProcess = await startSandboxProcess(TEST_CHANNEL);
  let server: Server | undefined;
  let db: Db | undefined;
  try {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const nextAuthSecret = randomBytes(32).toString("base64url");
    const env = {
      ...productionServerEnv({
        appUrl,
        databaseUrl,
        linePayApiUrl: sandbox.url,
        channel: { id: TEST_CHANNEL.channelId, secret: TEST_CHANNEL.channelSecret },
        nextAuthSecret,
        regKeyEncryptionKeys: generateKeyringEntry("bench1"),
        cronSecret: randomBytes(32).toString("base64url"),
        appEnv: "production",
        hasTestClock: false,
      }),
      LINEPAY_SANDBOX_PUBLIC_URL: `http://localhost:${new URL(sandbox.url).port}`,
    };
    await ensureProductionBuild(env, { force: BUILD });
    await migrateAndSeed(databaseUrl, { withDemoAccounts: false });
    db = createDb(databaseUrl);
    const logFile = "tests/.tmp/checkout-bench-app.log";
    server = await startServer(env, port, logFile);
    log(
      `next start on ${server.url} (pids ${processTree(server.pid).pids.join(", ")}, log ${logFile}), sandbox ${sandbox.url} (pid ${sandbox.pid}), database ${dbFile}`,
    );

    const cookies = await createShopperCookies(db, SHOPPERS + 1, nextAuthSecret);
    const probeCookie = cookies.pop() as string;
    const checkoutUrl = `${server.url}/api/linepay/checkout`;
    const checkoutInit = (cookie: string): RequestInit => ({
      method: "POST",
      redirect: "manual",
      headers: {
        Origin: appUrl,
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: cookie,
      },
      body: `planCode=${PLAN_CODE}`,
    });
    const probe = await fetch(checkoutUrl, checkoutInit(probeCookie));
    const location = probe.headers.get("location") ?? "";
    if (
      probe.status !== 303 ||
      !location.startsWith(`${env.LINEPAY_SANDBOX_PUBLIC_URL}/web/payment/`)
    ) {
      throw new Error(
        `the probe checkout answered ${probe.status} → ${location || "(no Location)"}, not 303 to the sandbox's payment page`,
      );
    }
    log(`probe checkout: 303 → ${location.slice(0, 80)}…`);

    // Request k is shopper k's first checkout.
    let next = 0;
    const budget = SHOPPERS;
    const nextCookie = () => {
      const k = next++;
      return k < budget ? (cookies[k] as string) : null;
    };
    const serverCpu = () => processTreeCpuS(server?.pid as number);
    const sandboxCpu = () => sandbox.usage()?.cpuS ?? 0;
    const health = { url: `${server.url}/api/health` };
    const paymentPagePrefix = `${env.LINEPAY_SANDBOX_PUBLIC_URL}/web/payment/`;
    const checkout = {
      url: checkoutUrl,
      origin: appUrl,
      body: `planCode=${PLAN_CODE}`,
      nextCookie,
      paymentPagePrefix,
    };
    const common = { connections: CONNECTIONS, serverCpu, serverPid: server.pid, sandboxCpu };

    let expectedRate = 200; // checkouts/s, when there is no warm-up to measure it
    if (WARMUP > 0) {
      log(`warm-up: ${WARMUP} s of health, ${WARMUP} s of checkout (not reported)`);
      await runPhase({ ...common, label: "warm-up health", health, seconds: WARMUP });
      expectedRate = (
        await runPhase({ ...common, label: "warm-up checkout", checkout, seconds: WARMUP })
      ).rps;
    }
    const before = await settledPendingCount(db);
    const health1 = await runPhase({ ...common, label: "health 1", health, seconds: DURATION });
    // A checkout run of a fixed number of requests, so none is cut off in flight and every order
    // written is matched by an answer: as many as the warm-up rate fits in DURATION seconds.
    // autocannon builds one request more per connection than it sends: keep that margin in the budget.
    const amount = Math.min(
      Math.max(CONNECTIONS, Math.round(expectedRate * DURATION)),
      budget - next - 2 * CONNECTIONS,
    );
    if (amount <= 0)
      throw new Error(`SHOPPERS=${SHOPPERS} allows no more checkouts; raise SHOPPERS`);
    const checkoutPhase = await runPhase({ ...common, label: "checkout", checkout, amount });
    const after = await settledPendingCount(db);
    const health2 = await runPhase({ ...common, label: "health 2", health, seconds: DURATION });

    const newOrders = after - before;
    const answered303 = checkoutPhase.status303;
    const healthRps = (health1.rps + health2.rps) / 2;
    const ratio = checkoutPhase.rps / healthRps;
    await stopServer(server);

    log(
      `counting statements: ${COUNT_N} checkouts in this process (route flow: session user, rate limit, language, startCheckout)`,
    );
    const statements = await countCheckoutStatements(counter, sandbox, COUNT_N, PLAN_CODE);

    console.log("");
    console.log(`Checkout cost benchmark — code ${code}, ${new Date().toISOString()}`);
    console.log(
      `command: npx tsx tests/bench/checkout-bench.ts DURATION=${DURATION} CONNECTIONS=${CONNECTIONS} SHOPPERS=${SHOPPERS} WARMUP=${WARMUP} COUNT_N=${COUNT_N}`,
    );
    console.log(
      `one next start (SQLite, APP_ENV=production), LINE Pay sandbox process (latency 0), autocannon in this process; POST planCode=${PLAN_CODE}`,
    );
    console.log("");
    console.log(
      "| phase            |   reqs |    s   |  req/s  | p50 ms | p99 ms | server CPU ms/req | server cores | main thread ms/s: running / waiting for a core / asleep | sandbox CPU s | autocannon CPU s | load (1 min) | status |",
    );
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
    for (const p of [health1, checkoutPhase, health2]) printPhase(p);
    console.log("");
    console.log(
      `checkout ÷ health = ${fmt(checkoutPhase.rps)} ÷ ${fmt(healthRps)} = ${ratio.toFixed(3)}   (target ≥ 0.5; health = mean of the two health runs)`,
    );
    console.log(
      `server CPU: ${fmt(checkoutPhase.serverCpuMsPerRequest, 2)} ms per checkout, ${fmt((health1.serverCpuMsPerRequest + health2.serverCpuMsPerRequest) / 2, 2)} ms per health request`,
    );
    console.log(
      `checkouts answered 303: ${answered303} of ${checkoutPhase.requests} (errors ${checkoutPhase.errors}); new PENDING orders with a transactionId: ${newOrders}`,
    );
    console.log(
      `per checkout (in process, ${COUNT_N} checkouts): ${fmt(statements.perCheckout.statements, 2)} statements ` +
        `(${fmt(statements.perCheckout.orm, 2)} outside transactions + ${fmt(statements.perCheckout.inTransactions, 2)} inside, COMMIT included), ` +
        `${fmt(statements.perCheckout.transactions, 2)} transactions`,
    );
    console.log("statements of one checkout:");
    for (const line of statements.oneCheckout)
      console.log(`  ${line.length > 150 ? `${line.slice(0, 147)}…` : line}`);
    const ok =
      answered303 === checkoutPhase.requests &&
      checkoutPhase.errors === 0 &&
      newOrders === answered303;
    console.log(
      `RESULT_JSON ${JSON.stringify({ code, ratio, healthRps, checkoutRps: checkoutPhase.rps, phases: [health1, checkoutPhase, health2], newOrders, answered303, statements: statements.perCheckout, ok })}`,
    );
    if (!ok)
      console.error(
        "FAILED: not every checkout answered 303, or the new PENDING orders differ from the 303 answers",
      );
    return ok ? 0 : 1;
  } finally {
    if (server) await stopServer(server);
    await db?.$disconnect();
    await sandbox.close();
    removeSqliteFile(dbFile);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
