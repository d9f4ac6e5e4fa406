// Renewal throughput benchmark (a script, not a timed test): N due subscriptions, each holding a
// real regKey issued by the local LINE Pay sandbox, renewed with bounded concurrency (one runner,
// or WORKERS runner processes sharing CONCURRENCY) while every payPreapproved call takes
// LATENCY_MS at the sandbox, which runs as its own process (it stands in for LINE Pay). Prints wall time against the
// ideal N × latency ÷ concurrency, double charges and missed renewals (from the sandbox ledger and
// the database), peak memory, and the same work done one at a time for comparison.
//
//   npx tsx tests/bench/renewals-bench.ts                       # N=10000 LATENCY_MS=100 CONCURRENCY=50 sqlite
//   npx tsx tests/bench/renewals-bench.ts N=500 SERIAL_N=100    # options as KEY=value arguments or env vars
//   PROVIDER=postgres SERIAL_N=1000 npx tsx tests/bench/renewals-bench.ts
//
// Options: N (10000), LATENCY_MS (100), CONCURRENCY (50), PROVIDER sqlite|postgres (sqlite;
// Postgres at TEST_POSTGRES_URL), SERIAL_N (N; 0 skips the serial run; below N the serial wall time
// is extrapolated to N and labelled so), SETUP_CONCURRENCY (20), BATCH_SIZE (the engine's default),
// WORKERS (1: the concurrent run in this process; more: that many runner processes, CONCURRENCY split
// between them, timed from "go" once all are connected), SANDBOX process|inline (process),
// REPEAT (1: concurrent runs over periods 1…REPEAT of the same subscriptions, one row each),
// CPU_PROFILE=file.cpuprofile (V8 profile of the last concurrent run only, for looking at where time goes).
// Exits 1 if any subscription was charged more or less than once for a benchmarked period, 2 on error.
// Memory figures are the runner process(es): the app and Prisma; the sandbox's are printed apart.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { cpus, loadavg } from "node:os";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import pLimit from "p-limit";
import { runRenewals, type RenewalRunSummary } from "@/lib/subscriptions/renewal-engine";
import {
  createCheckoutHarness,
  type CheckoutHarness,
  type SandboxEndpoint,
} from "../helpers/checkout-harness";
import { startSandboxProcess, type SandboxProcess } from "../helpers/sandbox-process";
import { startSandbox } from "@/lib/linepay-sandbox/server";
import { startRenewalWorkers, type WorkerResult } from "./renewal-workers";
import { runnerProcessEnv } from "../helpers/spawn-renewal-runner";
import {
  movableClock,
  renewalDeps,
  subscribe,
  type MovableClock,
} from "../helpers/subscription-harness";
import type { Provider } from "../helpers/test-databases";
import type { AppDeps } from "@/lib/server/app-deps";

// ---------- options ----------

const argv = new Map(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, "").split("="))
    .filter((kv): kv is [string, string] => kv.length === 2)
    .map(([k, v]) => [k.toUpperCase().replace(/-/g, "_"), v]),
);
const opt = (name: string): string | undefined => argv.get(name) ?? process.env[name];
function intOpt(name: string, fallback: number, min = 0): number {
  const raw = opt(name);
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
}

const N = intOpt("N", 10_000, 1);
const LATENCY_MS = intOpt("LATENCY_MS", 100, 0);
const CONCURRENCY = intOpt("CONCURRENCY", 50, 1);
const SERIAL_N = Math.min(intOpt("SERIAL_N", N, 0), N);
const SETUP_CONCURRENCY = intOpt("SETUP_CONCURRENCY", 20, 1);
/** Renewal runner processes for the concurrent run; CONCURRENCY is split between them. 1 = in this process. */
const WORKERS = intOpt("WORKERS", 1, 1);
/** Concurrent runs over the same subscriptions (periods 1, 2, …): several measurements from one setup. */
const REPEAT = intOpt("REPEAT", 1, 1);
const BATCH_SIZE = opt("BATCH_SIZE") ? intOpt("BATCH_SIZE", 0, 1) : undefined;
/** Diagnostics: write a V8 CPU profile of the concurrent run (only) to this file. */
const CPU_PROFILE = opt("CPU_PROFILE");
const PROVIDER = (opt("PROVIDER") ?? "sqlite") as Provider;
/** process: the sandbox runs as its own OS process (it stands in for LINE Pay, a remote system); inline: in this process, as before. */
const SANDBOX = opt("SANDBOX") ?? "process";
if (SANDBOX !== "process" && SANDBOX !== "inline")
  throw new Error(`SANDBOX must be process or inline, got ${String(SANDBOX)}`);
if (PROVIDER !== "sqlite" && PROVIDER !== "postgres")
  throw new Error(`PROVIDER must be sqlite or postgres, got ${String(PROVIDER)}`);

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const MB = 1024 * 1024;

// ---------- sandbox ----------

type BenchSandbox = SandboxEndpoint & Pick<SandboxProcess, "addFault" | "usage">;
type BenchHarness = CheckoutHarness<BenchSandbox>;

async function startBenchSandbox(channel: {
  channelId: string;
  channelSecret: string;
}): Promise<BenchSandbox> {
  if (SANDBOX === "process") return startSandboxProcess(channel);
  const handle = await startSandbox({ port: 0, channels: [{ ...channel, currency: "TWD" }] });
  return {
    url: handle.url,
    close: () => handle.close(),
    addFault: async (rule) => handle.faults.add(rule),
    usage: () => null,
  };
}

// ---------- measurement ----------

/** /proc/<pid>/schedstat of a process's main thread: time on a CPU and time runnable but waiting for one. */
function schedstat(pid: number | "self"): { runS: number; waitS: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, "utf8")
      .trim()
      .split(" ")
      .map(Number);
    return run !== undefined && wait !== undefined ? { runS: run / 1e9, waitS: wait / 1e9 } : null;
  } catch {
    return null; // not Linux
  }
}

/**
 * CPU seconds used so far by each process on this machine named `postgres` (the server's backends,
 * WAL writer, checkpointer), by pid: with Postgres on the same 2 cores, the runner competes with
 * them. Null when there are none or this is not Linux.
 */
function postgresServerCpu(): Map<string, number> | null {
  const byPid = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes(" (postgres) ")) continue;
      const fields = stat.split(") ")[1]?.split(" ") ?? [];
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime, stime in USER_HZ ticks
    } catch {
      // gone meanwhile
    }
  }
  return byPid.size > 0 ? byPid : null;
}

/** CPU the Postgres processes used between two readings; a backend that exited meanwhile is not counted. */
function postgresCpuBetween(
  before: Map<string, number> | null,
  after: Map<string, number> | null,
): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, cpuS] of after) total += cpuS - (before.get(pid) ?? 0);
  return total;
}

interface Measured {
  label: string;
  n: number;
  concurrency: number;
  wallMs: number;
  summary: RenewalRunSummary;
  peakRssMb: number;
  peakHeapMb: number;
  rssAtStartMb: number;
  cpuMs: number;
  eventLoopUtilization: number;
  eventLoopDelayP99Ms: number;
  /** 1-minute load average of the machine at start and end (others' processes included). */
  loadAvg: [number, number];
  /** The sandbox process (SANDBOX=process): peak RSS and CPU seconds during the run. */
  sandbox: { peakRssMb: number; cpuMs: number } | null;
  /** Main thread (Linux schedstat): seconds it ran, and seconds it was ready to run but waited for a CPU. */
  mainThread: { runS: number; waitS: number } | null;
  /** PROVIDER=postgres with the server on this machine: its processes' CPU seconds during the run. */
  postgresServerCpuS: number | null;
  /** WORKERS > 1: each runner process's figures (the ones above are then the benchmark process's). */
  workers: WorkerResult[] | null;
}

/** Times one runRenewals call, sampling RSS and heap every 50 ms, CPU and event-loop load. */
async function measure(
  label: string,
  n: number,
  concurrency: number,
  run: () => Promise<{ summary: RenewalRunSummary; workers?: WorkerResult[] }>,
  sandbox: BenchSandbox,
): Promise<Measured> {
  global.gc?.();
  const sandbox0 = sandbox.usage();
  let sandboxPeakRss = sandbox0?.rssMb ?? 0;
  const load0 = loadavg()[0] as number;
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    const other = sandbox.usage();
    if (other && other.rssMb > sandboxPeakRss) sandboxPeakRss = other.rssMb;
  };
  const sampler = setInterval(sample, 50);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const elu0 = performance.eventLoopUtilization();
  const sched0 = schedstat("self");
  const postgres0 = PROVIDER === "postgres" ? postgresServerCpu() : null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let summary: RenewalRunSummary;
  let workers: WorkerResult[] | null = null;
  try {
    ({ summary, workers = null } = await run());
  } finally {
    clearInterval(sampler);
    loopDelay.disable();
  }
  const wallMs = performance.now() - t0;
  sample();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  return {
    label,
    n,
    concurrency,
    wallMs,
    summary,
    peakRssMb: peakRss / MB,
    peakHeapMb: peakHeap / MB,
    rssAtStartMb: start.rss / MB,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainThread: (() => {
      const sched = schedstat("self");
      return sched && sched0
        ? { runS: sched.runS - sched0.runS, waitS: sched.waitS - sched0.waitS }
        : null;
    })(),
    eventLoopUtilization: elu.utilization,
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loadAvg: [load0, loadavg()[0] as number],
    postgresServerCpuS:
      postgres0 === null ? null : postgresCpuBetween(postgres0, postgresServerCpu()),
    workers,
    sandbox: sandbox0
      ? {
          peakRssMb: sandboxPeakRss,
          cpuMs: ((sandbox.usage()?.cpuS ?? sandbox0.cpuS) - sandbox0.cpuS) * 1000,
        }
      : null,
  };
}

// ---------- verification ----------

interface Verification {
  periodIndex: number;
  expected: number;
  chargedOnce: number;
  doubleCharges: number;
  missed: number;
  capturedAtSandbox: number;
  paidPeriodsInDb: number;
  succeededAttemptsInDb: number;
}

/**
 * Charges per subscription for one period, counted at the sandbox (CAPTURED transactions whose
 * orderId is SUB-<id>-<period>-<attempt>), cross-checked with PAID billing periods and SUCCEEDED
 * charge attempts in the database. `expected` subscriptions should have exactly one charge each.
 */
async function verifyPeriod(
  h: BenchHarness,
  ids: string[],
  periodIndex: number,
  expected: number,
): Promise<Verification> {
  const ledger = await h.ledger();
  const perSubscription = new Map<string, number>();
  let capturedAtSandbox = 0;
  const pattern = /^SUB-(.+)-(\d+)-(\d+)$/;
  for (const t of ledger.transactions) {
    if (t.state !== "CAPTURED") continue;
    const m = pattern.exec(t.orderId);
    if (!m || Number(m[2]) !== periodIndex) continue;
    capturedAtSandbox++;
    perSubscription.set(m[1] as string, (perSubscription.get(m[1] as string) ?? 0) + 1);
  }
  let chargedOnce = 0;
  let doubleCharges = 0;
  for (const id of ids) {
    const count = perSubscription.get(id) ?? 0;
    if (count === 1) chargedOnce++;
    if (count > 1) doubleCharges++;
  }
  // Charges for subscriptions this benchmark did not create would be a bug too.
  const known = new Set(ids);
  for (const id of perSubscription.keys()) if (!known.has(id)) doubleCharges++;
  const db = h.database.db;
  const paidPeriodsInDb = await db.billingPeriod.count({ where: { periodIndex, status: "PAID" } });
  const succeededAttemptsInDb = await db.chargeAttempt.count({
    where: { status: "SUCCEEDED", period: { periodIndex } },
  });
  return {
    periodIndex,
    expected,
    chargedOnce,
    doubleCharges,
    missed: expected - chargedOnce,
    capturedAtSandbox,
    paidPeriodsInDb,
    succeededAttemptsInDb,
  };
}

/** What went wrong with attempts that did not succeed (status and message, counted). */
async function unsettledAttempts(h: BenchHarness, periodIndex: number): Promise<string[]> {
  const rows = await h.database.db.chargeAttempt.findMany({
    where: { status: { not: "SUCCEEDED" }, period: { periodIndex } },
    select: { status: true, returnCode: true, returnMessage: true },
  });
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.status} ${r.returnCode ?? "-"} ${r.returnMessage ?? ""}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${count} × ${key}`);
}

function isClean(v: Verification): boolean {
  return (
    v.doubleCharges === 0 &&
    v.missed === 0 &&
    v.capturedAtSandbox === v.expected &&
    v.paidPeriodsInDb === v.expected &&
    v.succeededAttemptsInDb === v.expected
  );
}

// ---------- steps ----------

async function createDueSubscriptions(h: BenchHarness, deps: AppDeps): Promise<string[]> {
  const limit = pLimit(SETUP_CONCURRENCY);
  const ids: string[] = [];
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: N }, () =>
      limit(async () => {
        const { subscription } = await subscribe(h, deps);
        ids.push(subscription.id);
        if (++done % 1000 === 0 || done === N)
          log(`setup: ${done}/${N} subscribed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }),
    ),
  );
  return ids;
}

/** Sets the app clock 1 s past the latest current period end, so every subscription is due. */
async function moveClockPastPeriodEnds(h: BenchHarness, clock: MovableClock): Promise<Date> {
  const { _max } = await h.database.db.subscription.aggregate({ _max: { currentPeriodEnd: true } });
  if (!_max.currentPeriodEnd) throw new Error("no subscription has a period end");
  const at = new Date(_max.currentPeriodEnd.getTime() + 1000);
  clock.set(at);
  return at;
}

// ---------- report ----------

const fmt = (value: number, digits = 2) => value.toFixed(digits);

function row(m: Measured, v: Verification, extrapolatedWallS?: number) {
  const idealS = (m.n * LATENCY_MS) / m.concurrency / 1000;
  const wallS = m.wallMs / 1000;
  return {
    run: m.label,
    N: String(m.n),
    "latency ms": String(LATENCY_MS),
    concurrency: String(m.concurrency),
    "wall s": fmt(wallS),
    "ideal s": fmt(idealS),
    ratio: idealS > 0 ? fmt(wallS / idealS, 3) : "n/a",
    "calls/s": fmt(m.summary.charged / wallS, 1),
    "double charges": String(v.doubleCharges),
    missed: String(v.missed),
    // With runner processes: their peak RSS summed (an upper bound: peaks need not coincide).
    "peak RSS MB": fmt(
      m.workers ? m.workers.reduce((sum, w) => sum + w.peakRssMb, 0) : m.peakRssMb,
      0,
    ),
    "peak heap MB": m.workers ? "n/a" : fmt(m.peakHeapMb, 0),
    ...(extrapolatedWallS !== undefined
      ? { "wall s for all N (extrapolated)": fmt(extrapolatedWallS, 0) }
      : {}),
  };
}

function printTable(rows: Array<Record<string, string>>) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (r: Record<string, string>, c: string) => r[c] ?? "";
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padStart(widths[i] as number)).join(" | ")} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => "-".repeat(w + 1) + ":").join("|")}|`);
  for (const r of rows) console.log(line(columns.map((c) => cell(r, c))));
}

function printDetails(m: Measured, v: Verification) {
  const s = m.summary;
  console.log(
    `  ${m.label}: engine durationMs=${fmt(s.durationMs, 0)} due=${s.due} charged=${s.charged} declined=${s.declined} unknown=${s.unknown} errors=${s.errors}; ` +
      `sandbox CAPTURED for period ${v.periodIndex}=${v.capturedAtSandbox}, charged exactly once=${v.chargedOnce}/${v.expected}; ` +
      `DB PAID periods[${v.periodIndex}]=${v.paidPeriodsInDb}, SUCCEEDED attempts=${v.succeededAttemptsInDb}; ` +
      `RSS at start=${fmt(m.rssAtStartMb, 0)} MB (peak +${fmt(m.peakRssMb - m.rssAtStartMb, 0)} MB); ` +
      `process CPU=${fmt(m.cpuMs / 1000)} s (${fmt(m.cpuMs / m.wallMs, 2)} cores), event-loop utilisation=${fmt(m.eventLoopUtilization * 100, 0)}%, ` +
      `event-loop delay p99=${fmt(m.eventLoopDelayP99Ms, 1)} ms; ` +
      (m.mainThread
        ? `main thread on a CPU ${fmt(m.mainThread.runS)} s, runnable but waiting for a CPU ${fmt(m.mainThread.waitS)} s; `
        : "") +
      (m.workers
        ? `runner processes: ${m.workers.map((w, i) => `#${i} due=${w.summary.due} CPU=${fmt(w.cpuMs / 1000)} s event-loop ${fmt(w.eventLoopUtilization * 100, 0)}% peak RSS=${fmt(w.peakRssMb, 0)} MB`).join(", ")} (figures before this are the coordinating benchmark process's); `
        : "") +
      (m.sandbox
        ? `sandbox process: CPU=${fmt(m.sandbox.cpuMs / 1000)} s, peak RSS=${fmt(m.sandbox.peakRssMb, 0)} MB; `
        : "sandbox in this process; ") +
      (m.postgresServerCpuS !== null
        ? `Postgres server processes on this machine: CPU=${fmt(m.postgresServerCpuS)} s (${fmt((m.postgresServerCpuS * 1000) / m.n)} ms per renewal); `
        : "") +
      `machine load avg (1 min) ${fmt(m.loadAvg[0])} → ${fmt(m.loadAvg[1])}`,
  );
}

/** Which code was measured: HEAD plus any uncommitted changes under lib/ (others may be editing). */
function codeVersion(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "lib"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((line) => line.slice(3));
    return dirty.length ? `${head} + uncommitted ${dirty.join(", ")}` : head;
  } catch {
    return "unknown (no git)";
  }
}

// ---------- main ----------

async function main(): Promise<number> {
  const code = codeVersion();
  log(`code: ${code}`);
  log(
    `N=${N} LATENCY_MS=${LATENCY_MS} CONCURRENCY=${CONCURRENCY} PROVIDER=${PROVIDER} SANDBOX=${SANDBOX} SERIAL_N=${SERIAL_N} REPEAT=${REPEAT} WORKERS=${WORKERS} SETUP_CONCURRENCY=${SETUP_CONCURRENCY}${BATCH_SIZE ? ` BATCH_SIZE=${BATCH_SIZE}` : ""}`,
  );
  // Fresh migrated database + the sandbox (own process by default; latency 0 during setup).
  const h = await createCheckoutHarness(PROVIDER, startBenchSandbox);
  try {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    let storage: string = PROVIDER;
    if (PROVIDER === "sqlite") {
      const [mode] =
        await h.database.db.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
      storage = `sqlite (journal_mode=${mode?.journal_mode})`;
    }
    log(`database: ${storage}`);

    // 1. N ACTIVE subscriptions through the real checkout: startCheckout → approve → confirmCheckout.
    const setupStart = performance.now();
    const ids = await createDueSubscriptions(h, deps);
    const setupS = (performance.now() - setupStart) / 1000;
    const withKey = await h.database.db.subscription.count({
      where: { status: "ACTIVE", regKeyCiphertext: { not: null }, currentPeriodIndex: 0 },
    });
    const regKeys = (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: Array<{ state: string }>;
      }
    ).regKeys;
    const activeKeys = regKeys.filter((r) => r.state === "ACTIVE").length;
    if (withKey !== N || activeKeys !== N) {
      throw new Error(
        `setup: expected ${N} ACTIVE subscriptions with a regKey, got ${withKey} (ACTIVE regKeys at the sandbox: ${activeKeys})`,
      );
    }
    log(
      `setup done: ${N} ACTIVE subscriptions, ${N} regKeys issued by the sandbox, in ${fmt(setupS, 1)} s (${fmt(N / setupS, 1)}/s)`,
    );

    // 2. Every subscription due; LINE Pay takes LATENCY_MS for every preapproved payment. REPEAT
    // runs renew periods 1, 2, … of the same subscriptions (one setup, several measurements).
    if (LATENCY_MS > 0)
      await h.sandbox.addFault({
        match: { endpoint: "payPreapproved" },
        action: { type: "delay", ms: LATENCY_MS },
      });
    const rDeps = renewalDeps(deps);
    const concurrentRuns: Array<{ m: Measured; v: Verification }> = [];
    for (let period = 1; period <= REPEAT; period++) {
      const dueAt = await moveClockPastPeriodEnds(h, clock);
      log(
        `clock at ${dueAt.toISOString()}; running renewals for period ${period} with concurrency ${CONCURRENCY}`,
      );
      const profiler = CPU_PROFILE && period === REPEAT ? new Session() : undefined;
      if (profiler) {
        profiler.connect();
        await profiler.post("Profiler.enable");
        await profiler.post("Profiler.start");
      }
      const workers =
        WORKERS > 1
          ? await startRenewalWorkers({
              workers: WORKERS,
              concurrency: CONCURRENCY,
              ...(BATCH_SIZE ? { batchSize: BATCH_SIZE } : {}),
              env: runnerProcessEnv({
                databaseUrl: h.database.url,
                sandboxUrl: h.sandbox.url,
                keyringSpec: h.keyringSpec,
                clockOffsetMs: clock.now().getTime() - Date.now(),
              }),
            })
          : undefined;
      if (workers)
        log(
          `${WORKERS} runner processes connected, concurrency ${workers.concurrencies.join(" + ")}`,
        );
      const label = REPEAT > 1 ? `concurrent, period ${period}` : "concurrent";
      const m = await measure(
        label,
        N,
        CONCURRENCY,
        async () => {
          if (!workers)
            return {
              summary: await runRenewals(rDeps, {
                trigger: "bench",
                concurrency: CONCURRENCY,
                ...(BATCH_SIZE ? { batchSize: BATCH_SIZE } : {}),
              }),
            };
          try {
            const { summary, results } = await workers.run();
            return { summary, workers: results };
          } finally {
            workers.stop();
          }
        },
        h.sandbox,
      );
      if (profiler && CPU_PROFILE) {
        const { profile } = await profiler.post("Profiler.stop");
        writeFileSync(CPU_PROFILE, JSON.stringify(profile));
        profiler.disconnect();
        log(`CPU profile of concurrent run ${period} written to ${CPU_PROFILE}`);
      }
      const v = await verifyPeriod(h, ids, period, N);
      for (const line of await unsettledAttempts(h, period))
        log(`period ${period} attempt not SUCCEEDED: ${line}`);
      log(`concurrent run, period ${period}: ${fmt(m.wallMs / 1000)} s`);
      concurrentRuns.push({ m, v });
    }

    // 3. One at a time over the next period of SERIAL_N of the same subscriptions.
    const serialPeriod = REPEAT + 1;
    let serial: { m: Measured; v: Verification } | undefined;
    if (SERIAL_N > 0) {
      const serialDueAt = await moveClockPastPeriodEnds(h, clock);
      log(
        `clock at ${serialDueAt.toISOString()}; running renewals for period ${serialPeriod} one at a time over ${SERIAL_N} subscriptions (≈ ${fmt((SERIAL_N * LATENCY_MS) / 1000, 0)} s)`,
      );
      const m = await measure(
        "serial",
        SERIAL_N,
        1,
        async () => ({
          summary: await runRenewals(rDeps, {
            trigger: "bench-serial",
            concurrency: 1,
            inProgress: 1,
            limit: SERIAL_N,
          }),
        }),
        h.sandbox,
      );
      serial = { m, v: await verifyPeriod(h, ids, serialPeriod, SERIAL_N) };
      for (const line of await unsettledAttempts(h, serialPeriod))
        log(`period ${serialPeriod} attempt not SUCCEEDED: ${line}`);
      log(`serial run: ${fmt(m.wallMs / 1000)} s`);
    }

    // 4. Report.
    console.log("");
    console.log(
      `Renewal benchmark: ${storage}, ${cpus().length} CPUs, node ${process.version}; setup (${N} checkouts, ${SETUP_CONCURRENCY} at a time) ${fmt(setupS, 1)} s`,
    );
    console.log(`Code: ${code}`);
    console.log("");
    const rows = concurrentRuns.map(({ m, v }) => row(m, v));
    if (serial) {
      const extrapolated = SERIAL_N < N ? ((serial.m.wallMs / 1000) * N) / SERIAL_N : undefined;
      rows.push(row(serial.m, serial.v, extrapolated));
    }
    printTable(rows);
    console.log("");
    console.log(
      "ideal s = N × latency ÷ concurrency; ratio = wall ÷ ideal (target ≤ 1.25). Double charges / missed from the sandbox ledger.",
    );
    if (serial && SERIAL_N < N) {
      console.log(
        `serial row: measured over SERIAL_N=${SERIAL_N} subscriptions; "wall s for all N" is that time × ${N}/${SERIAL_N} (extrapolated, not measured).`,
      );
    }
    for (const { m, v } of concurrentRuns) printDetails(m, v);
    if (serial) printDetails(serial.m, serial.v);

    const failures = [...concurrentRuns.map(({ v }) => v), ...(serial ? [serial.v] : [])].filter(
      (v) => !isClean(v),
    );
    console.log(
      `RESULT_JSON ${JSON.stringify({
        provider: PROVIDER,
        storage,
        code,
        n: N,
        latencyMs: LATENCY_MS,
        concurrency: CONCURRENCY,
        sandbox: SANDBOX,
        setupS,
        concurrent: concurrentRuns.map(({ m, v }) => ({ ...m, verification: v })),
        serial: serial ? { ...serial.m, verification: serial.v } : null,
      })}`,
    );
    if (failures.length > 0) {
      console.error(
        `FAIL: ${failures.map((v) => `period ${v.periodIndex}: ${v.doubleCharges} double charges, ${v.missed} missed, sandbox ${v.capturedAtSandbox}, DB paid ${v.paidPeriodsInDb}, DB succeeded ${v.succeededAttemptsInDb} (expected ${v.expected})`).join("; ")}`,
      );
      return 1;
    }
    return 0;
  } finally {
    await h.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
