// The revenue dashboard's figures computed by SQL on real SQLite and Postgres: known data with the
// expected figures worked out by hand (Asia/Taipei month and day boundaries, yearly ÷ 12, churn by
// cause, refunds, other currencies and unpaid periods left out), then a larger generated set that
// must agree with the row-by-row JavaScript reference (tests/helpers/revenue-reference.ts). The page
// reads the rollup (rebuilt here from the seeded rows, as the backfill does); every figure is also
// checked against the recomputation from raw rows (lib/db/revenue-recompute.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayBuckets, monthBuckets } from "@/lib/billing/revenue-metrics";
import { loadRevenueFigures as loadFromRollup } from "@/lib/db/revenue-repository";
import { recomputeRevenueFigures } from "@/lib/db/revenue-recompute";
import { checkRevenueRollup, rebuildRevenueRollup } from "@/lib/db/revenue-rollup-rebuild";
import type { Db } from "@/lib/db/client";
import {
  renewalSuccessByMonth,
  revenueByDay,
  subscriptionMetricsByMonth,
} from "../helpers/revenue-reference";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";
import { seedRevenueRows, type RevenueRows } from "../helpers/revenue-rows";

const TAIPEI = "Asia/Taipei";
const tp = (local: string) => new Date(`${local}+08:00`);
const NOW = tp("2026-03-15T12:00:00");

// The unit test's subscriptions (tests/unit/revenue-metrics.test.ts) plus what SQL must leave out.
const KNOWN: RevenueRows = {
  subscriptions: [
    { id: "m", interval: "MONTH", amountMinor: 149, anchorAt: tp("2026-01-10T10:00:00") },
    { id: "y", interval: "YEAR", amountMinor: 1490, anchorAt: tp("2026-02-05T09:00:00") },
    {
      id: "q",
      interval: "MONTH",
      amountMinor: 149,
      anchorAt: tp("2026-01-20T09:00:00"),
      endedAt: tp("2026-02-20T09:00:00"),
      canceledAt: tp("2026-01-25T09:00:00"),
      status: "EXPIRED",
    },
    {
      id: "d",
      interval: "MONTH",
      amountMinor: 149,
      anchorAt: tp("2026-01-02T09:00:00"),
      endedAt: tp("2026-02-09T09:00:00"),
      status: "EXPIRED",
    },
    // Another currency: counted on its own page only.
    {
      id: "usd",
      interval: "MONTH",
      amountMinor: 999,
      anchorAt: tp("2026-01-03T09:00:00"),
      currency: "USD",
    },
    // Started at 00:00 on 1 March in Taipei (still February in UTC): new in March.
    { id: "mar", interval: "MONTH", amountMinor: 300, anchorAt: tp("2026-03-01T00:00:00") },
  ],
  periods: [
    { subscriptionId: "m", startsAt: tp("2026-01-10T10:00:00"), endsAt: tp("2026-02-10T10:00:00") },
    { subscriptionId: "m", startsAt: tp("2026-02-10T10:00:00"), endsAt: tp("2026-03-10T10:00:00") },
    { subscriptionId: "m", startsAt: tp("2026-03-10T10:00:00"), endsAt: tp("2026-04-10T10:00:00") },
    { subscriptionId: "y", startsAt: tp("2026-02-05T09:00:00"), endsAt: tp("2027-02-05T09:00:00") },
    { subscriptionId: "q", startsAt: tp("2026-01-20T09:00:00"), endsAt: tp("2026-02-20T09:00:00") },
    { subscriptionId: "d", startsAt: tp("2026-01-02T09:00:00"), endsAt: tp("2026-02-02T09:00:00") },
    // d's renewal was never paid: it does not make d active at January's end twice or in February.
    {
      subscriptionId: "d",
      startsAt: tp("2026-02-02T09:00:00"),
      endsAt: tp("2026-03-02T09:00:00"),
      status: "UNPAID",
    },
    {
      subscriptionId: "usd",
      startsAt: tp("2026-01-03T09:00:00"),
      endsAt: tp("2026-04-03T09:00:00"),
    },
    // Starts at March's first instant in Taipei (still February in UTC): active in March only.
    {
      subscriptionId: "mar",
      startsAt: tp("2026-03-01T00:00:00"),
      endsAt: tp("2026-04-01T00:00:00"),
    },
  ],
  attempts: [
    { status: "SUCCEEDED", settledAt: tp("2026-02-10T10:00:00"), amountMinor: 149 },
    { status: "DECLINED", settledAt: tp("2026-02-10T10:00:00"), amountMinor: 149 },
    { status: "REGKEY_DEAD", settledAt: tp("2026-02-11T10:00:00"), amountMinor: 149 },
    { status: "NOT_CHARGED", settledAt: tp("2026-02-12T10:00:00"), amountMinor: 149 },
    // The last second of February in Taipei, and the first of March.
    { status: "SUCCEEDED", settledAt: tp("2026-02-28T23:59:59"), amountMinor: 149 },
    { status: "SUCCEEDED", settledAt: tp("2026-03-01T00:00:00"), amountMinor: 149 },
    { status: "SUCCEEDED", settledAt: tp("2026-03-14T23:59:00"), amountMinor: 149 },
    {
      status: "SUCCEEDED",
      settledAt: tp("2026-03-14T10:00:00"),
      amountMinor: 999,
      currency: "USD",
    },
  ],
  orders: [
    { paidAt: tp("2026-03-15T00:00:00"), amountMinor: 750, status: "PARTIALLY_REFUNDED" },
    { paidAt: tp("2026-03-14T15:59:00"), amountMinor: 300, status: "REFUNDED" },
    // Not money taken, a renewal counted from its attempt, and a day before the window.
    { paidAt: tp("2026-03-14T12:00:00"), amountMinor: 5000, status: "FAILED" },
    { paidAt: tp("2026-03-14T23:59:00"), amountMinor: 149, status: "PAID", kind: "RENEWAL" },
    { paidAt: tp("2026-03-13T23:59:59"), amountMinor: 999, status: "PAID" },
  ],
  refunds: [
    { settledAt: tp("2026-03-15T08:00:00"), amountMinor: 250, orderIndex: 0 },
    { settledAt: tp("2026-03-14T16:00:00"), amountMinor: 300, orderIndex: 1 },
    { settledAt: tp("2026-03-15T09:00:00"), amountMinor: 100, orderIndex: 0, status: "FAILED" },
  ],
};

describe.each(PROVIDERS)("[%s] revenue figures in SQL", (provider) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
  });

  /** The rollup's figures, which must equal the recomputation from raw rows. */
  const loadRevenueFigures = async (...args: Parameters<typeof loadFromRollup>) => {
    const figures = await loadFromRollup(...args);
    expect(await recomputeRevenueFigures(...args)).toEqual(figures);
    return figures;
  };
  const seed = async (rows: RevenueRows, prefix: string) => {
    await seedRevenueRows(db, rows, prefix);
    await rebuildRevenueRollup(db);
    expect(await checkRevenueRollup(db)).toEqual({ differences: [], spanDifferences: 0 });
  };
  afterAll(async () => database?.drop());

  it("match the figures worked out by hand on known data", async () => {
    await seed(KNOWN, "known");
    const months = monthBuckets(NOW, 3, TAIPEI);
    const days = dayBuckets(NOW, 2, TAIPEI);
    const figures = await loadRevenueFigures(db, { currency: "TWD", months, days, now: NOW });
    expect(figures.monthly).toEqual([
      {
        month: "2026-01",
        mrrMinor: 447,
        activeSubscribers: 3,
        newSubscribers: 3,
        churnedVoluntary: 0,
        churnedFailedPayment: 0,
      },
      {
        month: "2026-02",
        mrrMinor: 149 + 124,
        activeSubscribers: 2,
        newSubscribers: 1,
        churnedVoluntary: 1,
        churnedFailedPayment: 1,
      },
      {
        month: "2026-03",
        mrrMinor: 149 + 124 + 300,
        activeSubscribers: 3,
        newSubscribers: 1,
        churnedVoluntary: 0,
        churnedFailedPayment: 0,
      },
    ]);
    expect(figures.renewals).toEqual([
      { month: "2026-01", charged: 0, failed: 0, rate: null },
      { month: "2026-02", charged: 2, failed: 2, rate: 0.5 },
      { month: "2026-03", charged: 2, failed: 0, rate: 1 },
    ]);
    // 14 March: the refunded order (15:59) and a renewal (23:59), less its refund at 16:00.
    // 15 March: the partly refunded order at 00:00, less the 250 that succeeded.
    expect(figures.daily).toEqual([
      { day: "2026-03-14", grossMinor: 300 + 149, refundedMinor: 300, netMinor: 149 },
      { day: "2026-03-15", grossMinor: 750, refundedMinor: 250, netMinor: 500 },
    ]);
    const usd = await loadRevenueFigures(db, { currency: "USD", months, days, now: NOW });
    expect(usd.monthly.map((m) => [m.activeSubscribers, m.mrrMinor])).toEqual([
      [1, 999],
      [1, 999],
      [1, 999],
    ]);
    expect(usd.daily.map((d) => d.grossMinor)).toEqual([999, 0]);
  });

  it("are all zero for months before any subscription started (a clock moved back)", async () => {
    const before = tp("2025-06-15T12:00:00");
    const figures = await loadRevenueFigures(db, {
      currency: "TWD",
      months: monthBuckets(before, 12, TAIPEI),
      days: dayBuckets(before, 30, TAIPEI),
      now: before,
    });
    expect(figures.monthly.every((m) => m.activeSubscribers === 0 && m.mrrMinor === 0)).toBe(true);
    expect(figures.monthly.every((m) => m.newSubscribers === 0)).toBe(true);
    expect(figures.daily.every((d) => d.grossMinor === 0)).toBe(true);
    expect(figures.monthly).toHaveLength(12);
  });

  it("agree with the row-by-row reference on a generated year of subscriptions", async () => {
    const rows = generatedRows(60, tp("2025-01-01T00:00:00"));
    await seed(rows, "gen");
    const now = tp("2026-01-20T18:30:00");
    const months = monthBuckets(now, 12, TAIPEI);
    const days = dayBuckets(now, 30, TAIPEI);
    const figures = await loadRevenueFigures(db, { currency: "JPY", months, days, now });
    const facts = rows.subscriptions.map((s) => ({
      id: `gen-${s.id}`,
      interval: s.interval,
      amountMinor: s.amountMinor,
      anchorAt: s.anchorAt,
      endedAt: s.endedAt ?? null,
      canceledAt: s.canceledAt ?? null,
      status: s.status ?? "ACTIVE",
    }));
    const paid = rows.periods
      .filter((p) => (p.status ?? "PAID") === "PAID")
      .map((p) => ({ ...p, subscriptionId: `gen-${p.subscriptionId}` }));
    expect(figures.monthly).toEqual(subscriptionMetricsByMonth(facts, paid, months, now));
    expect(figures.renewals).toEqual(renewalSuccessByMonth(rows.attempts, months));
    const captured = [
      ...rows.orders
        .filter((o) => o.kind !== "RENEWAL" && o.status !== "FAILED")
        .map((o) => ({ at: o.paidAt, amountMinor: o.amountMinor })),
      ...rows.attempts
        .filter((a) => a.status === "SUCCEEDED")
        .map((a) => ({ at: a.settledAt, amountMinor: a.amountMinor })),
    ];
    const refunded = rows.refunds
      .filter((r) => (r.status ?? "SUCCEEDED") === "SUCCEEDED")
      .map((r) => ({ at: r.settledAt, amountMinor: r.amountMinor }));
    expect(figures.daily).toEqual(revenueByDay(captured, refunded, days));
    expect(figures.monthly.some((m) => m.activeSubscribers > 10)).toBe(true);
    expect(figures.daily.some((d) => d.refundedMinor > 0)).toBe(true);
  });
});

/** A deterministic mix: monthly and yearly plans, cancellations, failed renewals, refunds (JPY). */
function generatedRows(count: number, start: Date): RevenueRows {
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const hours = (h: number) => h * 3_600_000;
  const rows: RevenueRows = {
    subscriptions: [],
    periods: [],
    attempts: [],
    orders: [],
    refunds: [],
  };
  for (let i = 0; i < count; i++) {
    const isYearly = random() < 0.25;
    const anchorAt = new Date(start.getTime() + Math.floor(random() * 380 * 24) * hours(1));
    const amountMinor = isYearly
      ? 1490 + Math.floor(random() * 30)
      : 149 + Math.floor(random() * 9);
    const length = isYearly ? 365 * 24 : 30 * 24;
    const paidPeriods = isYearly ? 1 : 1 + Math.floor(random() * 14);
    const ends = random();
    let at = anchorAt;
    for (let p = 0; p < paidPeriods; p++) {
      const endsAt = new Date(at.getTime() + hours(length));
      rows.periods.push({ subscriptionId: String(i), startsAt: at, endsAt });
      if (p > 0)
        rows.attempts.push({ status: "SUCCEEDED", settledAt: at, amountMinor, currency: "JPY" });
      at = endsAt;
    }
    const sub = {
      id: String(i),
      interval: isYearly ? "YEAR" : "MONTH",
      amountMinor,
      anchorAt,
      currency: "JPY",
    } as const;
    if (ends < 0.3) {
      rows.subscriptions.push({ ...sub, status: "EXPIRED", endedAt: at, canceledAt: anchorAt });
    } else if (ends < 0.5) {
      rows.attempts.push({ status: "DECLINED", settledAt: at, amountMinor, currency: "JPY" });
      rows.subscriptions.push({
        ...sub,
        status: "EXPIRED",
        endedAt: new Date(at.getTime() + hours(72)),
      });
    } else rows.subscriptions.push(sub);
    const orderIndex = rows.orders.length;
    rows.orders.push({ paidAt: anchorAt, amountMinor, status: "PAID", currency: "JPY" });
    // Refunds settle any time up to the window's end, some of them on its last days.
    if (random() < 0.6)
      rows.refunds.push({
        settledAt: new Date(start.getTime() + Math.floor(random() * 384 * 24) * hours(1)),
        amountMinor: 50,
        orderIndex,
        currency: "JPY",
      });
  }
  return rows;
}
