// Dashboards benchmark (a script, not a timed test): the revenue page's figures and the orders
// totals at two sizes, ten times apart, side by side, and GET /api/health while revenue views run.
//
//   npm run bench:revenue                                 # SQLite and Postgres, 2,000 / 20,000 subscribers,
//                                                         # totals at 100,000 / 1,000,000 orders (Postgres)
//   npx tsx tests/bench/revenue-bench.ts PROVIDERS=sqlite TOTALS=0 SMALL=200 LARGE=2000   # quick look
//
// Options (KEY=value arguments or env vars): PROVIDERS (sqlite,postgres), SMALL (2000), LARGE (20000)
// subscribers, TOTALS (1; 0 skips the orders totals), ORDERS_SMALL (100000), ORDERS_LARGE (1000000),
// ITERATIONS (30), WARMUP (3), HEALTH_S (8, seconds of health checks during revenue views),
// HEALTH_PORT (0: any free port). Revenue: loadRevenueFigures as /admin/revenue calls it (12 Taipei
// months, 30 days, TWD: it reads the rollup) on a fresh migrated database seeded by
// revenue-bench-seed.ts, the rollup then rebuilt (npm run revenue:rollup -- rebuild) and its figures
// compared with the recomputation from rows. Totals: summarizeAdminOrders on the orders benchmark's
// seed (orders-bench-seed.ts), its rollup rebuilt. Both sizes are seeded first and then timed call
// by call in turn, so they share the machine's load. Health: an HTTP
// server in this process answers as app/api/health does (a database round trip) while this process
// computes revenue views back to back; a separate process sends one request at a time and records
// the latency. Exits 1 when a target is missed, 2 on error.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { createDb, type Db } from "@/lib/db/client";
import { dayBuckets, monthBuckets } from "@/lib/billing/revenue-metrics";
import { loadRevenueFigures } from "@/lib/db/revenue-repository";
import { recomputeRevenueFigures } from "@/lib/db/revenue-recompute";
import { rebuildRevenueRollup } from "@/lib/db/revenue-rollup-rebuild";
import { summarizeAdminOrders } from "@/lib/db/order-totals";
import { rebuildOrderTotals } from "@/lib/db/order-totals-rebuild";
import { DEFAULT_ORDER_FILTERS, parseOrderFilters } from "@/lib/admin/order-filters";
import { createTestDatabase, type Provider } from "../helpers/test-databases";
import { seedRevenue } from "./revenue-bench-seed";
import { seedOrders } from "./orders-bench-seed";

const argv = new Map(
  process.argv
    .slice(2)
    .map((a) => a.split("="))
    .filter((kv): kv is [string, string] => kv.length === 2),
);
const opt = (name: string) => argv.get(name) ?? process.env[name];
const int = (name: string, fallback: number) => Number(opt(name) ?? fallback);
const PROVIDERS = (opt("PROVIDERS") ?? "sqlite,postgres").split(",") as Provider[];
const SIZES = [int("SMALL", 2_000), int("LARGE", 20_000)] as const;
const ORDER_SIZES = [int("ORDERS_SMALL", 100_000), int("ORDERS_LARGE", 1_000_000)] as const;
const RUN_TOTALS = int("TOTALS", 1) !== 0;
const ITERATIONS = int("ITERATIONS", 30);
const WARMUP = int("WARMUP", 3);
const HEALTH_S = int("HEALTH_S", 8);
const HEALTH_PORT = int("HEALTH_PORT", 0);
const TAIPEI = "Asia/Taipei";
const TARGET_RATIO = 2;
// A part of many seeded shoppers' emails (wei.chen123@gmail.com and the like): a partial search.
const SEARCH_TEXT = "chen1";
const TARGET_REVENUE_P95_MS = 300;
const TARGET_HEALTH_P99_MS = 100;

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (value: number) => value.toFixed(1);

interface Timing {
  p50: number;
  p95: number;
}

/**
 * Times the runs in turn, call by call (small, large, small, large…): on a machine shared with
 * other work the load moves from minute to minute, and two sizes measured minutes apart would
 * compare the load rather than the data.
 */
async function timeInTurn(runs: Array<() => Promise<unknown>>): Promise<Timing[]> {
  for (let i = 0; i < WARMUP; i++) for (const run of runs) await run();
  const samples = runs.map(() => [] as number[]);
  for (let i = 0; i < ITERATIONS; i++)
    for (const [r, run] of runs.entries()) {
      const t0 = performance.now();
      await run();
      samples[r]!.push(performance.now() - t0);
    }
  return samples.map((list) => ({ p50: percentile(list, 50), p95: percentile(list, 95) }));
}

const revenueView = (db: Db, now: Date) => () =>
  loadRevenueFigures(db, {
    currency: "TWD",
    months: monthBuckets(now, 12, TAIPEI),
    days: dayBuckets(now, 30, TAIPEI),
    now,
  });

/** Sends one request at a time to `url` for HEALTH_S seconds, from its own process. */
async function pinger(url: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/bench/revenue-bench-pinger.ts", url, String(HEALTH_S)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  await new Promise((resolve) => child.on("exit", resolve));
  return JSON.parse(output) as { latencies: number[]; failures: number };
}

/**
 * An HTTP server on this process's event loop, as the app's server is: GET /health answers as
 * app/api/health does (a database round trip), GET /revenue computes one revenue view. Health is
 * checked from one process while, with `view`, another asks for revenue views back to back.
 */
async function healthDuring(db: Db, view: (() => Promise<unknown>) | null) {
  const server = createServer((request, response) => {
    const work = request.url === "/revenue" && view ? view() : db.plan.count();
    work.then(
      () => response.end(JSON.stringify({ ok: true })),
      () => ((response.statusCode = 503), response.end()),
    );
  });
  await new Promise<void>((resolve) => server.listen(HEALTH_PORT, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [health, views] = await Promise.all([
    pinger(`${base}/health`),
    view ? pinger(`${base}/revenue`) : Promise.resolve({ latencies: [], failures: 0 }),
  ]);
  server.close();
  return {
    p99: percentile(health.latencies, 99),
    requests: health.latencies.length,
    failures: health.failures + views.failures,
    views: views.latencies.length,
  };
}

interface RevenueResult {
  provider: Provider;
  size: number;
  rows: string;
  revenue: Timing;
  healthIdleP99: number;
  healthDuringP99: number;
  healthRequests: number;
  views: number;
  rebuildS: number;
  recomputeMs: number;
}

/** A seeded database with its rollup rebuilt and checked against the rows. */
async function prepareRevenue(provider: Provider, size: number, now: Date) {
  const database = await createTestDatabase(provider);
  try {
    const t0 = performance.now();
    const counts = await seedRevenue(database.db, size, now);
    await database.db.$executeRawUnsafe("ANALYZE");
    log(
      `${provider} ${size}: seeded ${JSON.stringify(counts)} in ${ms((performance.now() - t0) / 1000)} s`,
    );
    // The seed writes rows directly, as a restore would: the rollup is then rebuilt (the backfill).
    const t1 = performance.now();
    const rebuilt = await rebuildRevenueRollup(database.db);
    const rebuildS = (performance.now() - t1) / 1000;
    await database.db.$executeRawUnsafe("ANALYZE");
    log(`${provider} ${size}: rollup rebuilt ${JSON.stringify(rebuilt)} in ${ms(rebuildS)} s`);
    const view = revenueView(database.db, now);
    const figures = await view();
    // The rollup must say what the rows say before its speed means anything.
    const input = {
      currency: "TWD",
      months: monthBuckets(now, 12, TAIPEI),
      days: dayBuckets(now, 30, TAIPEI),
      now,
    };
    const t2 = performance.now();
    const recomputed = await recomputeRevenueFigures(database.db, input);
    const recomputeMs = performance.now() - t2;
    if (JSON.stringify(recomputed) !== JSON.stringify(figures))
      throw new Error(`${provider} ${size}: the rollup's figures differ from the rows'`);
    log(
      `${provider} ${size}: active now ${figures.monthly.at(-1)?.activeSubscribers}; one recomputation from rows ${ms(recomputeMs)} ms`,
    );
    const rows = `${counts.subscriptions} subs, ${counts.periods} periods, ${counts.attempts} attempts, ${counts.orders} orders`;
    return { database, view, size, rows, rebuildS, recomputeMs };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** Both sizes prepared, their revenue views timed in turn, then health during each size's views. */
async function measureRevenue(provider: Provider): Promise<RevenueResult[]> {
  const now = new Date();
  const prepared: Array<Awaited<ReturnType<typeof prepareRevenue>>> = [];
  try {
    for (const size of SIZES) prepared.push(await prepareRevenue(provider, size, now));
    const timings = await timeInTurn(prepared.map((p) => p.view));
    const results: RevenueResult[] = [];
    for (const [i, p] of prepared.entries()) {
      const revenue = timings[i]!;
      log(`${provider} ${p.size}: revenue p50 ${ms(revenue.p50)} ms, p95 ${ms(revenue.p95)} ms`);
      const idle = await healthDuring(p.database.db, null);
      const during = await healthDuring(p.database.db, p.view);
      log(
        `${provider} ${p.size}: health p99 idle ${ms(idle.p99)} ms, during ${during.views} revenue views ${ms(during.p99)} ms`,
      );
      results.push({
        provider,
        size: p.size,
        rows: p.rows,
        revenue,
        healthIdleP99: idle.p99,
        healthDuringP99: during.p99,
        healthRequests: during.requests,
        views: during.views,
        rebuildS: p.rebuildS,
        recomputeMs: p.recomputeMs,
      });
    }
    return results;
  } finally {
    for (const p of prepared) await p.database.drop();
  }
}

/** A seeded orders database with its totals rollup rebuilt, and the totals' filters to time. */
async function prepareTotals(orders: number, now: Date) {
  const database = await createTestDatabase("postgres");
  await database.db.$disconnect();
  const db = createDb(database.url);
  try {
    await seedOrders(database.url, {
      orders,
      users: Math.max(10, Math.round(orders / 20)),
      days: 730,
      now,
      log,
    });
    const local = new Date(now.getTime() + 8 * 3_600_000);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const first = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
    const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 0));
    const month = parseOrderFilters(
      { status: "PAID", from: day(first), to: day(last) },
      TAIPEI,
    ).filters;
    // The seed writes orders directly, as a restore would: the totals rollup is then rebuilt.
    const t0 = performance.now();
    const rebuilt = await rebuildOrderTotals(db);
    const rebuildS = (performance.now() - t0) / 1000;
    await db.$executeRawUnsafe("VACUUM (ANALYZE)");
    log(`totals ${orders}: rollup rebuilt (${rebuilt.rows} rows) in ${ms(rebuildS)} s`);
    // A search still sums the matching rows (found through the shopper index).
    const searched = parseOrderFilters({ q: SEARCH_TEXT }, TAIPEI).filters;
    const runs = {
      all: () => summarizeAdminOrders(db, DEFAULT_ORDER_FILTERS),
      monthly: () => summarizeAdminOrders(db, month),
      search: () => summarizeAdminOrders(db, searched),
    };
    const drop = async () => {
      await db.$disconnect();
      await database.drop();
    };
    return { orders, runs, rebuildS, drop };
  } catch (error) {
    await db.$disconnect();
    await database.drop();
    throw error;
  }
}

async function measureTotals() {
  const now = new Date();
  const prepared: Array<Awaited<ReturnType<typeof prepareTotals>>> = [];
  try {
    for (const orders of ORDER_SIZES) prepared.push(await prepareTotals(orders, now));
    const timed = async (key: "all" | "monthly" | "search") =>
      timeInTurn(prepared.map((p) => p.runs[key]));
    const [all, monthly, search] = [
      await timed("all"),
      await timed("monthly"),
      await timed("search"),
    ];
    return prepared.map((p, i) => {
      const result = {
        orders: p.orders,
        all: all[i]!,
        monthly: monthly[i]!,
        search: search[i]!,
        rebuildS: p.rebuildS,
      };
      log(
        `totals ${p.orders}: all p95 ${ms(result.all.p95)} ms, PAID last month p95 ${ms(result.monthly.p95)} ms, search p95 ${ms(result.search.p95)} ms`,
      );
      return result;
    });
  } finally {
    for (const p of prepared) await p.drop();
  }
}

async function main(): Promise<number> {
  const loadAtStart = loadavg()[0]!;
  const failures: string[] = [];
  const revenue: RevenueResult[] = [];
  for (const provider of PROVIDERS) revenue.push(...(await measureRevenue(provider)));
  const totals = RUN_TOTALS ? await measureTotals() : [];

  console.log("");
  console.log(
    `Dashboards benchmark: ${cpus().length} CPUs, node ${process.version}, load ${loadAtStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; ${WARMUP} warm-up + ${ITERATIONS} timed calls each, the two sizes in turn`,
  );
  console.log("");
  console.log(
    `| figure | ${SIZES[0].toLocaleString("en")} p50 | p95 | ${SIZES[1].toLocaleString("en")} p50 | p95 | p95 ratio | < ${TARGET_RATIO}× |`,
  );
  console.log("|---|---:|---:|---:|---:|---:|---|");
  for (const provider of PROVIDERS) {
    const [small, large] = revenue.filter((r) => r.provider === provider) as [
      RevenueResult,
      RevenueResult,
    ];
    const ratio = large.revenue.p95 / small.revenue.p95;
    if (ratio >= TARGET_RATIO) failures.push(`${provider} revenue p95 ratio ${ratio.toFixed(2)}`);
    if (large.revenue.p95 >= TARGET_REVENUE_P95_MS)
      failures.push(`${provider} revenue p95 ${ms(large.revenue.p95)} ms`);
    console.log(
      `| revenue view, ${provider} (ms) | ${ms(small.revenue.p50)} | ${ms(small.revenue.p95)} | ${ms(large.revenue.p50)} | ${ms(large.revenue.p95)} | ${ratio.toFixed(2)} | ${ratio < TARGET_RATIO ? "yes" : "**no**"} |`,
    );
    for (const r of [small, large])
      if (r.healthDuringP99 >= TARGET_HEALTH_P99_MS)
        failures.push(`${provider} ${r.size}: health p99 ${ms(r.healthDuringP99)} ms`);
    console.log(
      `| /api/health p99 during revenue views, ${provider} (ms; idle) | ${ms(small.healthDuringP99)} (${small.views} views) | (${ms(small.healthIdleP99)}) | ${ms(large.healthDuringP99)} (${large.views} views) | (${ms(large.healthIdleP99)}) | | |`,
    );
  }
  if (totals.length === 2) {
    const [small, large] = totals as [(typeof totals)[0], (typeof totals)[0]];
    console.log("");
    console.log(
      `| orders totals, postgres | ${small.orders.toLocaleString("en")} p50 | p95 | ${large.orders.toLocaleString("en")} p50 | p95 | p95 ratio | < ${TARGET_RATIO}× |`,
    );
    console.log("|---|---:|---:|---:|---:|---:|---|");
    const labels = {
      all: "no filter",
      monthly: "PAID, last month",
      search: `search "${SEARCH_TEXT}" (rows; no ratio target)`,
    };
    for (const key of ["all", "monthly", "search"] as const) {
      const ratio = large[key].p95 / small[key].p95;
      const hasTarget = key !== "search";
      if (hasTarget && ratio >= TARGET_RATIO)
        failures.push(`totals ${key} p95 ratio ${ratio.toFixed(2)}`);
      console.log(
        `| ${labels[key]} (ms) | ${ms(small[key].p50)} | ${ms(small[key].p95)} | ${ms(large[key].p50)} | ${ms(large[key].p95)} | ${ratio.toFixed(2)} | ${!hasTarget ? "" : ratio < TARGET_RATIO ? "yes" : "**no**"} |`,
      );
    }
    for (const t of totals)
      console.log(
        `totals rollup rebuild at ${t.orders.toLocaleString("en")} orders: ${ms(t.rebuildS)} s`,
      );
  }
  for (const r of revenue)
    console.log(
      `seed ${r.provider} ${r.size}: ${r.rows}; rollup rebuild ${ms(r.rebuildS)} s; one recomputation from rows ${ms(r.recomputeMs)} ms`,
    );
  for (const failure of failures) console.error(`MISSED: ${failure}`);
  console.log(`RESULT_JSON ${JSON.stringify({ revenue, totals, failures })}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
