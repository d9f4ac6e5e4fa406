// Set-based seed for the admin orders benchmark: users and orders generated inside Postgres with
// INSERT … SELECT FROM generate_series (no rows pass through Node), then VACUUM ANALYZE so the
// planner has statistics and the visibility map is set, as on a table autovacuum has visited.
// Deterministic for a given N and USERS (setseed on the one connection that generates the rows).
import pg from "pg";

export interface SeedOptions {
  orders: number;
  users: number;
  /** Orders are spread over this many days before `now`, more of them recently (a growing shop). */
  days: number;
  now: Date;
  chunk?: number;
  log?: (message: string) => void;
}

export interface SeedTimings {
  usersS: number;
  ordersS: number;
  vacuumAnalyzeS: number;
  totalS: number;
}

const FIRST_NAMES = [
  "wei",
  "mei",
  "jun",
  "ting",
  "hao",
  "yu",
  "chen",
  "hui",
  "jie",
  "ling",
  "ming",
  "xin",
  "yi",
  "zhi",
  "an",
  "bo",
  "kai",
  "lan",
  "ning",
  "qing",
  "rui",
  "shan",
  "tao",
  "wen",
  "xiao",
  "yan",
  "ying",
  "zhen",
  "amy",
  "kevin",
];
const LAST_NAMES = [
  "chen",
  "lin",
  "huang",
  "chang",
  "lee",
  "wang",
  "wu",
  "liu",
  "tsai",
  "yang",
  "hsu",
  "cheng",
  "hsieh",
  "kuo",
  "hung",
  "tseng",
  "chiu",
  "liao",
  "lai",
  "chou",
  "yeh",
  "su",
  "chuang",
  "lu",
  "chiang",
  "ho",
  "kao",
  "lo",
  "pan",
  "tsou",
];
const DOMAINS = [
  "gmail.com",
  "yahoo.com.tw",
  "hotmail.com",
  "outlook.com",
  "icloud.com",
  "msa.hinet.net",
  "livemail.tw",
  "pchome.com.tw",
  "example.tw",
  "proton.me",
];

const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(",")}]`;

// A cuid-like id: "c", the creation time in hex (sorts with time, as cuids do), 13 hex chars of hash.
const cuidLike = (at: string, salt: string) =>
  `'c' || lpad(to_hex((extract(epoch FROM ${at}) * 1000)::bigint), 11, '0') || substr(md5(${salt}), 1, 13)`;

// The app's merchant orderId: VIP-YYYYMMDD-<16 Crockford base32 chars> from 16 hash bytes (5 bits each).
const merchantOrderId = (at: string, salt: string) =>
  `'VIP-' || to_char(${at}, 'YYYYMMDD') || '-' || ` +
  Array.from(
    { length: 16 },
    (_, i) =>
      `substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', get_byte(decode(md5(${salt}), 'hex'), ${i}) % 32 + 1, 1)`,
  ).join(" || ");

// Each local part ("wei.chen123") exists at up to 10 domains, so an email prefix ending in "@"
// matches several shoppers, as "info@" or a common name would.
function usersSql(users: number, days: number, now: Date): string {
  const LOCAL_PARTS = Math.ceil(users / DOMAINS.length);
  const at = `(timestamp '${now.toISOString().replace("T", " ").replace("Z", "")}' - (random() * ${days + 180}) * interval '1 day')`;
  return `
    INSERT INTO "User" (id, email, name, role, "createdAt", "updatedAt")
    SELECT ${cuidLike("t", "'u' || g")}, local || '@' || (${sqlArray(DOMAINS)})[1 + (g / ${LOCAL_PARTS}) % ${DOMAINS.length}],
           initcap(fn) || ' ' || initcap(ln), 'SHOPPER', t, t
    FROM (
      SELECT g, date_trunc('milliseconds', ${at}) AS t,
             (${sqlArray(FIRST_NAMES)})[1 + (g % ${LOCAL_PARTS}) % ${FIRST_NAMES.length}] AS fn,
             (${sqlArray(LAST_NAMES)})[1 + ((g % ${LOCAL_PARTS}) / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] AS ln,
             g % ${LOCAL_PARTS} AS n
      FROM generate_series(1, ${users}) g
    ) s, LATERAL (SELECT fn || '.' || ln || n AS local) l`;
}

// Plan mix: monthly subscriptions (mostly renewals) are the bulk; statuses mostly PAID.
// createdAt grows with g (jittered within its slot), so rows are inserted in time order and the
// table's physical order follows createdAt, as it does when orders arrive one by one.
function ordersSql(
  lo: number,
  hi: number,
  total: number,
  users: number,
  days: number,
  now: Date,
): string {
  const nowSql = `timestamp '${now.toISOString().replace("T", " ").replace("Z", "")}'`;
  return `
    WITH src AS MATERIALIZED (
      SELECT g, random() AS ru, random() AS rp, random() AS rk, random() AS rs, random() AS rt, random() AS rm
      FROM generate_series(${lo}, ${hi}) g
    ), o AS (
      SELECT g, u.id AS user_id, p.id AS plan_id, p."priceMinor" AS amount, p.currency, p.kind AS plan_kind, rk, rm,
             date_trunc('milliseconds', ${nowSql} - (1 - sqrt((g - 1 + rt) / ${total})) * ${days} * interval '1 day') AS created_at,
             CASE WHEN rs < 0.85 THEN 'PAID' WHEN rs < 0.87 THEN 'REFUNDED' WHEN rs < 0.88 THEN 'PARTIALLY_REFUNDED'
                  WHEN rs < 0.92 THEN 'FAILED' WHEN rs < 0.96 THEN 'CANCELED' WHEN rs < 0.975 THEN 'PENDING'
                  WHEN rs < 0.995 THEN 'EXPIRED' ELSE 'UNKNOWN' END AS status
      FROM src
      JOIN bench_user u ON u.n = 1 + floor(src.ru * ${users})::int
      JOIN "Plan" p ON p.code = CASE WHEN rp < 0.40 THEN 'vip-monthly' WHEN rp < 0.65 THEN 'vip-30' WHEN rp < 0.77 THEN 'vip-90'
                                     WHEN rp < 0.92 THEN 'vip-365' ELSE 'vip-yearly' END
    ), k AS (
      SELECT o.*,
             CASE WHEN plan_kind = 'ONE_TIME' THEN 'ONE_TIME' WHEN rk < 0.20 THEN 'SUBSCRIPTION_START'
                  WHEN rk < 0.22 THEN 'SUBSCRIPTION_REBIND' ELSE 'RENEWAL' END AS kind,
             status IN ('PAID', 'REFUNDED', 'PARTIALLY_REFUNDED') AS is_paid
      FROM o
    )
    INSERT INTO "Order" (id, "orderId", "userId", "planId", kind, "amountMinor", currency, status, "transactionId",
                         "paymentUrl", "failureCode", "failureMessage", "refundedMinor", "paidAt", "createdAt", "updatedAt")
    SELECT ${cuidLike("created_at", "'o' || g")}, ${merchantOrderId("created_at", "'m' || g")}, user_id, plan_id, kind::"OrderKind",
           amount, currency, status::"OrderStatus",
           CASE WHEN is_paid THEN (2024000000000000000 + g::bigint * 1000 + floor(rm * 1000)::bigint)::text END,
           CASE WHEN kind <> 'RENEWAL' THEN 'https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=' || md5('r' || g) END,
           CASE WHEN status = 'FAILED' THEN '1141' END, CASE WHEN status = 'FAILED' THEN 'Payment account status error.' END,
           CASE WHEN status = 'REFUNDED' THEN amount WHEN status = 'PARTIALLY_REFUNDED' THEN amount / 2 ELSE 0 END,
           CASE WHEN is_paid THEN created_at + (5 + rm * 115) * interval '1 second' END,
           created_at, created_at + (CASE WHEN is_paid THEN 5 + rm * 115 ELSE 900 END) * interval '1 second'
    FROM k`;
}

/** Seeds `users` shoppers and `orders` orders into a migrated database that already has the plans. */
export async function seedOrders(url: string, options: SeedOptions): Promise<SeedTimings> {
  const log = options.log ?? (() => {});
  const chunk = options.chunk ?? 100_000;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const seconds = (t0: number) => (performance.now() - t0) / 1000;
  try {
    const plans = await client.query(`SELECT count(*)::int AS n FROM "Plan"`);
    if (plans.rows[0].n < 5)
      throw new Error("the database has no plans: seed the plans first (createTestDatabase does)");
    await client.query("SELECT setseed(0.4242)");
    const t0 = performance.now();
    await client.query(usersSql(options.users, options.days, options.now));
    await client.query(
      `CREATE TEMP TABLE bench_user AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM "User" WHERE role = 'SHOPPER'`,
    );
    await client.query(`ALTER TABLE bench_user ADD PRIMARY KEY (n)`);
    await client.query(`ANALYZE bench_user`);
    const usersS = seconds(t0);
    log(`seed: ${options.users} users in ${usersS.toFixed(1)} s`);

    const t1 = performance.now();
    for (let lo = 1; lo <= options.orders; lo += chunk) {
      const hi = Math.min(lo + chunk - 1, options.orders);
      await client.query(
        ordersSql(lo, hi, options.orders, options.users, options.days, options.now),
      );
      log(`seed: ${hi}/${options.orders} orders (${seconds(t1).toFixed(1)} s)`);
    }
    const ordersS = seconds(t1);

    const t2 = performance.now();
    await client.query(`VACUUM (ANALYZE) "User"`);
    await client.query(`VACUUM (ANALYZE) "Order"`);
    const vacuumAnalyzeS = seconds(t2);
    log(`seed: VACUUM ANALYZE in ${vacuumAnalyzeS.toFixed(1)} s`);
    return { usersS, ordersS, vacuumAnalyzeS, totalS: seconds(t0) };
  } finally {
    await client.end();
  }
}
