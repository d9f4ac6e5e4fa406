// Admin orders benchmark (a script, not a timed test): a fresh migrated Postgres database seeded
// with N orders (set-based SQL, see orders-bench-seed.ts), then the server time of the orders
// page's queries, called the way the page calls them (the app's functions and Db client), and a
// full CSV export through generateOrdersCsv with its wall time and peak memory.
//
//   npx tsx tests/bench/orders-bench.ts                      # N=1000000, USERS=N/20, 50 iterations
//   npx tsx tests/bench/orders-bench.ts N=100000 KEEP_DB=1   # options as KEY=value arguments or env vars
//   DB_URL=postgresql://…/storefront_it_… npx tsx tests/bench/orders-bench.ts   # reuse a seeded database
//
// Options: N (1000000), USERS (N/20), DAYS (730, the spread of createdAt), ITERATIONS (50), WARMUP (5),
// QUERIES (1; 0 skips the page queries), CSV (1; 0 skips the export), CSV_OUT (/dev/null), BATCH_SIZE (the export's default), EXPLAIN (0; 1
// prints EXPLAIN (ANALYZE, BUFFERS) of every SQL statement Prisma sends for each query), KEEP_DB (0;
// 1 keeps the database and prints its URL), DB_URL (measure an already seeded database, skip seeding),
// CPU_PROFILE=file.cpuprofile (V8 profile of the CSV export only).
// Postgres at TEST_POSTGRES_URL. Exits 1 if a check on the results fails, 2 on error.
import { performance } from "node:perf_hooks";
import { cpus, loadavg, totalmem } from "node:os";
import { execFileSync } from "node:child_process";
import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { Session } from "node:inspector/promises";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { listAdminOrders } from "@/lib/db/admin-order-query";
import { summarizeAdminOrders } from "@/lib/db/order-totals";
import { generateOrdersCsv } from "@/lib/admin/orders-csv";
import {
  DEFAULT_ORDER_FILTERS,
  parseOrderFilters,
  type OrderFilters,
} from "@/lib/admin/order-filters";
import type { OrderCursor } from "@/lib/db/order-cursor";
import { createTestDatabase } from "../helpers/test-databases";
import { seedOrders, type SeedTimings } from "./orders-bench-seed";
import { explainPrismaQueries } from "./orders-bench-explain";

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

const N = intOpt("N", 1_000_000, 1);
const USERS = intOpt("USERS", Math.max(10, Math.round(N / 20)), 10);
const DAYS = intOpt("DAYS", 730, 31);
const ITERATIONS = intOpt("ITERATIONS", 50, 1);
const WARMUP = intOpt("WARMUP", 5, 0);
const RUN_QUERIES = intOpt("QUERIES", 1) !== 0;
const RUN_CSV = intOpt("CSV", 1) !== 0;
const CSV_OUT = opt("CSV_OUT") || "/dev/null";
const BATCH_SIZE = opt("BATCH_SIZE") ? intOpt("BATCH_SIZE", 0, 1) : undefined;
const EXPLAIN = intOpt("EXPLAIN", 0) !== 0;
const KEEP_DB = intOpt("KEEP_DB", 0) !== 0;
const DB_URL = opt("DB_URL");
const CPU_PROFILE = opt("CPU_PROFILE");
const TIME_ZONE = "Asia/Taipei";
const TARGET_P95_MS = 100;
const TARGET_CSV_S = 30;
const TARGET_CSV_MB = 300;

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const MB = 1024 * 1024;
const load1 = () => loadavg()[0] as number;
const fmt = (value: number, digits = 2) => value.toFixed(digits);

// ---------- the page's queries ----------

interface Scenario {
  name: string;
  /** What the admin did, as URL parameters or a cursor. */
  detail: string;
  run: (db: Db) => Promise<number>;
  hasTarget: boolean;
}

interface Fixture {
  deepCursor: OrderCursor;
  deepOffset: number;
  deepExpectedId: string;
  monthFilters: OrderFilters;
  monthParams: string;
  email: string;
  emailOrders: number;
  prefix: string;
  prefixUsers: number;
  prefixOrders: number;
  /** Part of the busiest shopper's local part, no "@": a substring of many emails. */
  fragment: string;
  /** A real orderId and transactionId from the middle of the table, for partial ids. */
  sampleOrderId: string;
  sampleTransactionId: string;
}

/** Real values to query with, found by SQL: a row 90 % deep, a whole month, the busiest shopper. */
async function findFixture(url: string): Promise<Fixture> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const total = Number((await client.query(`SELECT count(*) AS n FROM "Order"`)).rows[0].n);
    const deepOffset = Math.floor(total * 0.9);
    const deep = await client.query(
      `SELECT id, "createdAt" FROM "Order" ORDER BY "createdAt" DESC, id DESC OFFSET $1 LIMIT 2`,
      [deepOffset],
    );
    if (deep.rows.length < 2) throw new Error(`not enough orders for a deep page (${total})`);
    // The last whole calendar month before the newest order (Taipei time).
    const newest: Date = (await client.query(`SELECT max("createdAt") AS at FROM "Order"`)).rows[0]
      .at;
    const local = new Date(newest.getTime() + 8 * 3600_000);
    const first = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
    const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 0));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const params = { status: "PAID", from: day(first), to: day(last) };
    const { filters, problems } = parseOrderFilters(params, TIME_ZONE);
    if (problems.length) throw new Error(problems.join(" "));
    const busiest = (
      await client.query(
        `SELECT u.email, count(*)::int AS n FROM "Order" o JOIN "User" u ON u.id = o."userId" GROUP BY u.email ORDER BY n DESC, u.email LIMIT 1`,
      )
    ).rows[0];
    const prefix = `${(busiest.email as string).split("@")[0]}@`;
    const prefixStats = (
      await client.query(
        `SELECT count(DISTINCT u.id)::int AS users, count(o.id)::int AS orders FROM "User" u LEFT JOIN "Order" o ON o."userId" = u.id WHERE u.email LIKE $1`,
        [`${prefix}%`],
      )
    ).rows[0];
    const sample = (
      await client.query(
        `SELECT "orderId", "transactionId" FROM "Order" WHERE "transactionId" IS NOT NULL ORDER BY "createdAt" DESC, id DESC OFFSET $1 LIMIT 1`,
        [Math.floor(total / 2)],
      )
    ).rows[0];
    return {
      deepCursor: {
        sort: "newest",
        key: (deep.rows[0].createdAt as Date).getTime(),
        id: deep.rows[0].id,
      },
      deepOffset,
      deepExpectedId: deep.rows[1].id,
      monthFilters: filters,
      monthParams: new URLSearchParams(params).toString(),
      email: busiest.email,
      emailOrders: busiest.n,
      prefix,
      prefixUsers: prefixStats.users,
      prefixOrders: prefixStats.orders,
      fragment: (busiest.email as string).split("@")[0]!.slice(0, 5),
      sampleOrderId: sample.orderId,
      sampleTransactionId: sample.transactionId,
    };
  } finally {
    await client.end();
  }
}

function scenarios(f: Fixture): Scenario[] {
  const list = (filters: OrderFilters, after?: OrderCursor) => async (db: Db) =>
    (await listAdminOrders(db, filters, { after })).rows.length;
  const totals = (filters: OrderFilters) => async (db: Db) =>
    (await summarizeAdminOrders(db, filters)).reduce((n, t) => n + t.count, 0);
  const search = (q: string) => ({ ...DEFAULT_ORDER_FILTERS, q });
  return [
    {
      name: "first page",
      detail: "no filters, newest first, 50 rows",
      run: list(DEFAULT_ORDER_FILTERS),
      hasTarget: true,
    },
    {
      name: "deep page (90 %)",
      detail: `after the row at offset ${f.deepOffset.toLocaleString("en")}, newest first`,
      run: list(DEFAULT_ORDER_FILTERS, f.deepCursor),
      hasTarget: true,
    },
    { name: "status + date", detail: f.monthParams, run: list(f.monthFilters), hasTarget: true },
    {
      name: "email search (exact)",
      detail: `q=<email of the shopper with most orders> (1 user, ${f.emailOrders} orders)`,
      run: list(search(f.email)),
      hasTarget: true,
    },
    {
      name: "email search (prefix)",
      detail: `q=${f.prefix} (${f.prefixUsers} users, ${f.prefixOrders} orders)`,
      run: list(search(f.prefix)),
      hasTarget: true,
    },
    {
      name: "partial: email fragment",
      detail: `q=${f.fragment} (no "@": every email containing it, at most 200 shoppers)`,
      run: list(search(f.fragment)),
      hasTarget: true,
    },
    {
      name: "partial: orderId start",
      detail: `q=${f.sampleOrderId.slice(0, 16).toLowerCase()} (lower case)`,
      run: list(search(f.sampleOrderId.slice(0, 16).toLowerCase())),
      hasTarget: true,
    },
    {
      name: "partial: orderId start, broad",
      detail: `q=${f.sampleOrderId.slice(0, 8)} (a whole year of orders)`,
      run: list(search(f.sampleOrderId.slice(0, 8))),
      hasTarget: true,
    },
    {
      name: "partial: transactionId start",
      detail: `q=${f.sampleTransactionId.slice(0, 13)}`,
      run: list(search(f.sampleTransactionId.slice(0, 13))),
      hasTarget: true,
    },
    {
      name: "totals, no filter",
      detail: "summarizeAdminOrders, all orders",
      run: totals(DEFAULT_ORDER_FILTERS),
      hasTarget: false,
    },
    {
      name: "totals, status + date",
      detail: `summarizeAdminOrders, ${f.monthParams}`,
      run: totals(f.monthFilters),
      hasTarget: false,
    },
  ];
}

interface Timing {
  name: string;
  detail: string;
  rows: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
  hasTarget: boolean;
  loadAvg: [number, number];
}

/** Nearest-rank percentile of sorted samples. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

async function time(db: Db, s: Scenario): Promise<Timing> {
  const load0 = load1();
  let rows = 0;
  for (let i = 0; i < WARMUP; i++) rows = await s.run(db);
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    rows = await s.run(db);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return {
    name: s.name,
    detail: s.detail,
    rows,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: samples.at(-1) as number,
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    hasTarget: s.hasTarget,
    loadAvg: [load0, load1()],
  };
}

// ---------- CSV export ----------

interface Export {
  wallS: number;
  rows: number;
  bytes: number;
  chunks: number;
  rssAtStartMb: number;
  peakRssMb: number;
  heapAtStartMb: number;
  peakHeapMb: number;
  /** Process CPU (user + system) during the export: less sensitive to the machine's load than wall time. */
  cpuS: number;
  loadAvg: [number, number];
}

/** The whole table through generateOrdersCsv into a file stream (backpressure respected), memory sampled every 50 ms. */
async function exportCsv(db: Db, url: string): Promise<Export> {
  global.gc?.();
  const load0 = load1();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 50);
  const out = createWriteStream(CSV_OUT);
  let lines = 0;
  let bytes = 0;
  let chunks = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    for await (const chunk of generateOrdersCsv(db, DEFAULT_ORDER_FILTERS, {
      batchSize: BATCH_SIZE,
      postgresUrl: url,
    })) {
      chunks++;
      bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) lines++;
      if (!out.write(chunk)) await once(out, "drain");
      if (chunks % 100 === 0)
        log(
          `csv: ${lines - 1} rows, ${fmt(bytes / MB, 0)} MB, ${fmt((performance.now() - t0) / 1000, 1)} s`,
        );
    }
    out.end();
    await once(out, "finish");
  } finally {
    clearInterval(sampler);
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sample();
  return {
    wallS,
    rows: lines - 1,
    bytes,
    chunks,
    rssAtStartMb: start.rss / MB,
    peakRssMb: peakRss / MB,
    heapAtStartMb: start.heapUsed / MB,
    peakHeapMb: peakHeap / MB,
    cpuS: (cpu.user + cpu.system) / 1e6,
    loadAvg: [load0, load1()],
  };
}

// ---------- report ----------

function printTable(rows: Array<Record<string, string>>) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (r: Record<string, string>, c: string) => r[c] ?? "";
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  console.log(`| ${columns.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`);
  console.log(
    `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|")}|`,
  );
  for (const r of rows)
    console.log(
      `| ${columns.map((c, i) => (i === 0 ? cell(r, c).padEnd(widths[i] as number) : cell(r, c).padStart(widths[i] as number))).join(" | ")} |`,
    );
}

/** Which code was measured: HEAD plus any uncommitted changes under lib/ or prisma/. */
function codeVersion(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "lib", "prisma"], {
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

// ---------- main ----------

async function main(): Promise<number> {
  const code = codeVersion();
  const loadAtStart = load1();
  log(`code: ${code}`);
  log(
    `N=${N} USERS=${USERS} DAYS=${DAYS} ITERATIONS=${ITERATIONS} WARMUP=${WARMUP} CSV=${RUN_CSV ? 1 : 0}${BATCH_SIZE ? ` BATCH_SIZE=${BATCH_SIZE}` : ""}${DB_URL ? " DB_URL=(given)" : ""}; load avg ${loadavg()
      .map((l) => fmt(l))
      .join(" ")}`,
  );
  let seed: SeedTimings | null = null;
  let url: string;
  let drop: () => Promise<void> = async () => {};
  if (DB_URL) {
    url = DB_URL;
  } else {
    const database = await createTestDatabase("postgres"); // fresh database from the real migrations, plans seeded
    await database.db.$disconnect();
    url = database.url;
    drop = KEEP_DB ? async () => void log(`database kept: DB_URL=${url}`) : () => database.drop();
    log(`database: ${url.replace(/:[^:@/]*@/, ":***@")}; seeding ${N} orders, ${USERS} users`);
    seed = await seedOrders(url, { orders: N, users: USERS, days: DAYS, now: new Date(), log });
    log(
      `seed done in ${fmt(seed.totalS, 1)} s (users ${fmt(seed.usersS, 1)} s, orders ${fmt(seed.ordersS, 1)} s, VACUUM ANALYZE ${fmt(seed.vacuumAnalyzeS, 1)} s)`,
    );
  }
  const db = createDb(url);
  const failures: string[] = [];
  try {
    const fixture = await findFixture(url);
    const orderCount = await db.order.count();
    const server =
      (await db.$queryRawUnsafe<Array<{ version: string }>>("SELECT version()"))[0]?.version ?? "?";

    // Behaviour checks before timing: the deep page continues exactly after the cursor row.
    const deep = await listAdminOrders(db, DEFAULT_ORDER_FILTERS, { after: fixture.deepCursor });
    if (deep.rows[0]?.id !== fixture.deepExpectedId)
      failures.push(`deep page starts at ${deep.rows[0]?.id}, expected ${fixture.deepExpectedId}`);

    const timings: Timing[] = [];
    for (const s of RUN_QUERIES ? scenarios(fixture) : []) {
      const t = await time(db, s);
      log(
        `${t.name}: p50 ${fmt(t.p50)} ms, p95 ${fmt(t.p95)} ms, max ${fmt(t.max)} ms (${t.rows} rows; load ${fmt(t.loadAvg[0])} → ${fmt(t.loadAvg[1])})`,
      );
      timings.push(t);
    }
    if (EXPLAIN) await explainPrismaQueries(url, scenarios(fixture), log);

    let csv: Export | null = null;
    if (RUN_CSV) {
      log(`csv: exporting ${orderCount} orders to ${CSV_OUT}`);
      const profiler = CPU_PROFILE ? new Session() : undefined;
      if (profiler) {
        profiler.connect();
        await profiler.post("Profiler.enable");
        await profiler.post("Profiler.start");
      }
      csv = await exportCsv(db, url);
      if (profiler && CPU_PROFILE) {
        const { profile } = await profiler.post("Profiler.stop");
        writeFileSync(CPU_PROFILE, JSON.stringify(profile));
        profiler.disconnect();
        log(`CPU profile of the export written to ${CPU_PROFILE}`);
      }
      log(`csv: ${csv.rows} rows in ${fmt(csv.wallS)} s, peak RSS ${fmt(csv.peakRssMb, 0)} MB`);
      if (csv.rows !== orderCount)
        failures.push(`CSV has ${csv.rows} rows, the table ${orderCount}`);
    }
    const loadAtEnd = load1();

    console.log("");
    console.log(
      `Admin orders benchmark: ${orderCount.toLocaleString("en")} orders, ${USERS.toLocaleString("en")} users (seeded ${seed ? `in ${fmt(seed.totalS, 1)} s` : "earlier, DB_URL"})`,
    );
    console.log(`Code: ${code}`);
    console.log(
      `Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 1024 ** 3, 0)} GB RAM, node ${process.version}; ${server.split(" on ")[0]}`,
    );
    console.log(`Load average (1 min): ${fmt(loadAtStart)} at start → ${fmt(loadAtEnd)} at end`);
    console.log(
      `Server time = wall time of the app function in this process (Prisma query compilation, round trips, row mapping); ${WARMUP} warm-up + ${ITERATIONS} timed calls each, one at a time.`,
    );
    console.log("");
    printTable(
      timings.map((t) => ({
        query: t.name,
        rows: String(t.rows),
        "p50 ms": fmt(t.p50, 1),
        "p95 ms": fmt(t.p95, 1),
        "max ms": fmt(t.max, 1),
        [`p95 < ${TARGET_P95_MS} ms`]: t.hasTarget
          ? t.p95 < TARGET_P95_MS
            ? "yes"
            : "**no**"
          : "(no target)",
        load: `${fmt(t.loadAvg[0])} → ${fmt(t.loadAvg[1])}`,
      })),
    );
    for (const t of timings) console.log(`  ${t.name}: ${t.detail}`);
    if (csv) {
      console.log("");
      printTable([
        {
          export: "full CSV",
          rows: String(csv.rows),
          MB: fmt(csv.bytes / MB, 1),
          "wall s": fmt(csv.wallS, 2),
          "rows/s": String(Math.round(csv.rows / csv.wallS)),
          "CPU s": fmt(csv.cpuS, 1),
          "RSS start MB": fmt(csv.rssAtStartMb, 0),
          "peak RSS MB": fmt(csv.peakRssMb, 0),
          "peak heap MB": fmt(csv.peakHeapMb, 0),
          [`< ${TARGET_CSV_S} s`]: csv.wallS < TARGET_CSV_S ? "yes" : "**no**",
          [`< ${TARGET_CSV_MB} MB`]: csv.peakRssMb < TARGET_CSV_MB ? "yes" : "**no**",
          load: `${fmt(csv.loadAvg[0])} → ${fmt(csv.loadAvg[1])}`,
        },
      ]);
      console.log(
        `  ${csv.chunks} chunks to ${CSV_OUT}; heap at start ${fmt(csv.heapAtStartMb, 0)} MB. Memory is the whole process (Prisma's WASM query compiler included).`,
      );
    }
    for (const failure of failures) console.error(`FAIL: ${failure}`);
    console.log(
      `RESULT_JSON ${JSON.stringify({ code, n: orderCount, users: USERS, iterations: ITERATIONS, warmup: WARMUP, seed, loadAvg: [loadAtStart, loadAtEnd], fixture: { ...fixture, email: undefined }, timings, csv, failures })}`,
    );
    return failures.length ? 1 : 0;
  } finally {
    await db.$disconnect();
    await drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
