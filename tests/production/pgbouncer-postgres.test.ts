// PgBouncer in transaction mode (tests/helpers/pgbouncer.ts: a real PgBouncer, a server pool of 5)
// between the app and PostgreSQL: migrations go to the server directly, the two `next start`
// servers and the job processes only through the pooler. Shoppers subscribe at the same time on
// both servers, abandoned approvals are settled by reconciliation, then two renewal processes race
// for the same due subscriptions: every order is charged once and the books match LINE Pay's.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_ORDER_FILTERS } from "../../lib/admin/order-filters";
import { streamOrdersFromPostgres } from "../../lib/db/admin-order-export-postgres";
import { writeClockOffsetMs } from "../../lib/db/test-clock-repository";
import { POOL_SIZE, startPgBouncer, type PgBouncer } from "../helpers/pgbouncer";
import { createTestDatabase, testPostgresUrl, type TestDatabase } from "../helpers/test-databases";
import { signUpAndSignIn } from "./smoke-http";
import { startTwoServerStack, type TwoServerStack } from "./two-servers-stack";

// PGBOUNCER_TEST_PORTS="<app 1>,<app 2>,<sandbox>,<pgbouncer>" moves them.
const [APP_1, APP_2, SANDBOX_PORT, PGBOUNCER_PORT] = (
  process.env.PGBOUNCER_TEST_PORTS ?? "3193,3194,9197,6433"
)
  .split(",")
  .map(Number) as [number, number, number, number];
const SUBSCRIBERS = 6;
const ABANDONED = 2;
const MINUTE = 60_000;

let database: TestDatabase;
let pgbouncer: PgBouncer;
let stack: TwoServerStack;
let watcher: ReturnType<typeof watchConnections> | undefined;

beforeAll(async () => {
  // First: without PgBouncer the test fails before it creates anything.
  pgbouncer = await startPgBouncer(testPostgresUrl(), PGBOUNCER_PORT);
  // Direct: the migrations (advisory locks) and this test's own reads.
  database = await createTestDatabase("postgres");
  console.log(`${pgbouncer.version}, pool_mode = transaction, default_pool_size = ${POOL_SIZE}`);
  stack = await startTwoServerStack({
    ports: [APP_1, APP_2],
    sandboxPort: SANDBOX_PORT,
    appDatabaseUrl: pgbouncer.pooledUrl(database.url),
  });
});

afterAll(async () => {
  await watcher?.stop().catch(() => {}); // when the test failed before it stopped sampling
  await stack?.stop();
  await pgbouncer?.stop();
  await database?.drop();
});

const pendingTransactionOf = async (email: string) =>
  (
    await database.db.order.findFirstOrThrow({
      where: { user: { email }, status: "PENDING" },
      orderBy: { createdAt: "desc" },
    })
  ).transactionId!;

/** Samples PgBouncer's client and server connections to the test database until stopped. */
function watchConnections() {
  const name = new URL(database.url).pathname.slice(1);
  const peak = { clients: 0, servers: 0 };
  let running = true;
  // Stops itself on a failed sample; stop() then reports the failure.
  const sampling = (async () => {
    while (running) {
      const ofDb = (rows: Record<string, unknown>[]) => rows.filter((r) => r.database === name);
      peak.clients = Math.max(peak.clients, ofDb(await pgbouncer.admin("SHOW CLIENTS")).length);
      peak.servers = Math.max(peak.servers, ofDb(await pgbouncer.admin("SHOW SERVERS")).length);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })().finally(() => (running = false));
  sampling.catch(() => {}); // reported by stop()
  return {
    async stop() {
      running = false;
      await sampling;
      return peak;
    },
  };
}

/** Signs up on server `i`, checks out there, approves; the return goes to the other server. */
async function subscribe(i: number, tag: string): Promise<void> {
  const email = `s${i}-${tag}@pgbouncer.test`;
  const cookie = await signUpAndSignIn(stack.serverUrl(i % 2), email, stack.publicUrl);
  const started = await stack.checkout(i % 2, cookie, "vip-monthly");
  expect(started.status).toBe(303);
  const back = await stack.approveAtLinePay(await pendingTransactionOf(email));
  const confirm = await fetch(`${stack.serverUrl((i + 1) % 2)}${back.pathname}${back.search}`, {
    redirect: "manual",
    headers: { cookie },
  });
  expect(confirm.headers.get("location")).toContain("/checkout/success");
}

/** Approves a one-off purchase at LINE Pay and never comes back. */
async function abandon(i: number, tag: string): Promise<void> {
  const email = `a${i}-${tag}@pgbouncer.test`;
  const cookie = await signUpAndSignIn(stack.serverUrl(i % 2), email, stack.publicUrl);
  expect((await stack.checkout(i % 2, cookie, "vip-30")).status).toBe(303);
  await stack.approveAtLinePay(await pendingTransactionOf(email));
}

it("two servers and the jobs through PgBouncer in transaction mode: every order charged once", async () => {
  const tag = Date.now().toString(36);
  const peak = (watcher = watchConnections());
  await Promise.all([
    ...Array.from({ length: SUBSCRIBERS }, (_, i) => subscribe(i, tag)),
    ...Array.from({ length: ABANDONED }, (_, i) => abandon(i, tag)),
  ]);
  expect(await database.db.subscription.count({ where: { status: "ACTIVE" } })).toBe(SUBSCRIBERS);

  await writeClockOffsetMs(database.db, 6 * MINUTE);
  expect(await stack.runJob("reconcile")).toMatchObject({ settled: ABANDONED, errors: 0 });

  // Past every first period: two renewal processes at once share the due subscriptions.
  const due = await database.db.subscription.findMany({ select: { nextActionAt: true } });
  const latest = Math.max(...due.map((s) => s.nextActionAt!.getTime()));
  await writeClockOffsetMs(database.db, latest - Date.now() + 60 * MINUTE);
  const runs = await Promise.all([stack.runJob("renewals"), stack.runJob("renewals")]);
  await writeClockOffsetMs(database.db, 0);
  const { clients, servers } = await peak.stop();
  console.log(`PgBouncer peak: ${clients} client connections on ${servers} server connections`);
  for (const run of runs) expect(run).toMatchObject({ job: "renewals", errors: 0 });
  expect(runs.reduce((sum, run) => sum + Number(run.charged), 0)).toBe(SUBSCRIBERS);

  // The books: each subscription's second period paid, by exactly one charge attempt.
  const periods = await database.db.billingPeriod.findMany({
    where: { periodIndex: 1 },
    include: { attempts: true },
  });
  expect(periods).toHaveLength(SUBSCRIBERS);
  for (const period of periods) {
    expect(period.status).toBe("PAID");
    expect(period.attempts.map((a) => a.status)).toEqual(["SUCCEEDED"]);
  }
  const paidOrders = await database.db.order.findMany({ where: { status: "PAID" } });
  expect(paidOrders).toHaveLength(2 * SUBSCRIBERS + ABANDONED);
  expect(await database.db.order.count({ where: { status: { not: "PAID" } } })).toBe(0);
  // LINE Pay's side: one captured transaction per paid order, none for anything else.
  const captured = (await stack.ledger()).transactions.filter(
    (tx) => Number(tx.capturedAmount ?? 0) > 0,
  );
  expect(captured.map((tx) => tx.orderId).sort()).toEqual(paidOrders.map((o) => o.orderId).sort());

  // The admin CSV export's server-side cursor streams through the pooler too (small batches: the
  // portal stays open across several fetches).
  const exported: string[] = [];
  const pooledUrl = pgbouncer.pooledUrl(database.url);
  for await (const batch of streamOrdersFromPostgres(
    database.db,
    pooledUrl,
    DEFAULT_ORDER_FILTERS,
    3,
  ))
    exported.push(...batch.map((row) => row.orderId));
  expect(exported.sort()).toEqual(paidOrders.map((o) => o.orderId).sort());

  // The pooler did the work: more client connections at once than server connections, which
  // never exceeded the pool.
  expect(servers).toBeGreaterThan(0);
  expect(servers).toBeLessThanOrEqual(POOL_SIZE);
  expect(clients).toBeGreaterThan(POOL_SIZE);
}, 180_000);
