// The admin orders totals read from the rollup (OrderTotalsDay plus the orders it does not count
// yet) on real SQLite and Postgres must equal the sums of the matching rows for every filter: with
// no order counted yet (rows written directly), after the rebuild, and after status moves and
// refunds recorded by the order transition. Date ranges read whole months from the month rows and
// the other days from the day rows. Searches and amount bounds still sum the rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOrderFilters } from "@/lib/admin/order-filters";
import { amountToMinor } from "@/lib/billing/money";
import { transitionOrder } from "@/lib/db/order-repository";
import { checkOrderTotals, rebuildOrderTotals } from "@/lib/db/order-totals-rebuild";
import { summarizeAdminOrders } from "@/lib/db/order-totals";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";
import { adminNote } from "@/lib/billing/status-reason";

const TAIPEI = "Asia/Taipei";
const STATUSES = ["PAID", "PENDING", "FAILED", "CANCELED", "PARTIALLY_REFUNDED", "PAID"] as const;
const KINDS = ["ONE_TIME", "SUBSCRIPTION_START", "RENEWAL"] as const;
const TAKEN = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"];
// 23:30 on 31 January in Taipei: orders fall on both sides of business-day boundaries.
const BASE = new Date("2026-01-31T15:30:00.000Z").getTime();

const FILTERS: Record<string, string>[] = [
  {},
  { status: "PAID" },
  { status: "FAILED,CANCELED" },
  { type: "renewal" },
  { currency: "USD" },
  { from: "2026-02-01", to: "2026-02-02" },
  { status: "PAID", from: "2026-02-01" },
  // Whole months only; inside one month; days, a whole month, days; up to a day.
  { from: "2026-02-01", to: "2026-03-31" },
  { from: "2026-02-10", to: "2026-03-20" },
  { from: "2026-02-10", to: "2026-04-05", type: "renewal" },
  { to: "2026-03-03" },
  { q: "amy" },
  { min: "300" },
];

describe.each(PROVIDERS)("[%s] admin orders totals from the rollup", (provider) => {
  let database: TestDatabase;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const plan = await db().plan.findFirstOrThrow();
    const users = await Promise.all(
      ["amy@shop.tw", "bob@shop.tw"].map((email) => db().user.create({ data: { email } })),
    );
    await db().order.createMany({
      data: Array.from({ length: 40 }, (_, i) => {
        const status = STATUSES[i % STATUSES.length]!;
        const amountMinor = 149 + 50 * (i % 6);
        return {
          orderId: `VIP-TOT-${String(i).padStart(3, "0")}`,
          userId: users[i % 2]!.id,
          planId: plan.id,
          kind: KINDS[i % 3]!,
          amountMinor,
          currency: i % 7 === 6 ? "USD" : "TWD",
          status,
          refundedMinor: status === "PARTIALLY_REFUNDED" ? 50 : 0,
          // Every 37 hours: two months and a bit, days on both sides of month boundaries.
          createdAt: new Date(BASE + i * 37 * 3_600_000),
        };
      }),
    });
  }, 120_000);
  afterAll(async () => database?.drop());

  /** The totals as plain sums of the rows each filter matches (the reference). */
  async function rowSums(params: Record<string, string>) {
    const { filters } = parseOrderFilters(params, TAIPEI);
    const rows = (await db().order.findMany({ include: { user: true } })).filter(
      (o) =>
        (filters.statuses.length === 0 || filters.statuses.includes(o.status)) &&
        (!params.type || o.kind === "RENEWAL") &&
        (!filters.currency || o.currency === filters.currency) &&
        (!filters.from || o.createdAt >= filters.from) &&
        (!filters.to || o.createdAt < filters.to) &&
        (!params.q || o.user.email.includes(params.q)) &&
        (!params.min || o.amountMinor >= amountToMinor(params.min, o.currency, "min")),
    );
    return ["TWD", "USD"]
      .map((currency) => {
        const mine = rows.filter((o) => o.currency === currency);
        const paid = mine.filter((o) => TAKEN.includes(o.status));
        const paidMinor = paid.reduce((sum, o) => sum + o.amountMinor, 0);
        const refundedMinor = mine.reduce((sum, o) => sum + o.refundedMinor, 0);
        return {
          currency,
          count: mine.length,
          paidCount: paid.length,
          paidMinor,
          refundedMinor,
          netMinor: paidMinor - refundedMinor,
        };
      })
      .filter((t) => t.count > 0);
  }

  async function expectTotalsEqualRows() {
    for (const params of FILTERS) {
      const { filters } = parseOrderFilters(params, TAIPEI);
      expect({ params, totals: await summarizeAdminOrders(db(), filters) }).toEqual({
        params,
        totals: await rowSums(params),
      });
    }
    expect(await checkOrderTotals(db())).toEqual([]);
  }

  it("equal the rows' sums before the rollup counts any order, after the rebuild, and after moves", async () => {
    await expectTotalsEqualRows();
    expect(await db().orderTotalsDay.count()).toBe(0);

    expect((await rebuildOrderTotals(db())).rows).toBeGreaterThan(10);
    expect(await db().order.count({ where: { countedStatus: null } })).toBe(0);
    await expectTotalsEqualRows();

    // Moves recorded by the order transition: a refund in full, a partial refund, a payment.
    const orders = await db().order.findMany({ orderBy: { orderId: "asc" } });
    const paid = orders.filter((o) => o.status === "PAID");
    await transitionOrder(db(), {
      id: paid[0]!.id,
      from: "PAID",
      to: "REFUNDED",
      actor: "admin:test",
      reason: adminNote("test"),
      data: { refundedMinor: paid[0]!.amountMinor },
    });
    await transitionOrder(db(), {
      id: paid[1]!.id,
      from: "PAID",
      to: "PARTIALLY_REFUNDED",
      actor: "admin:test",
      reason: adminNote("test"),
      data: { refundedMinor: 20 },
    });
    const pending = orders.find((o) => o.status === "PENDING")!;
    await transitionOrder(db(), {
      id: pending.id,
      from: "PENDING",
      to: "CONFIRMING",
      actor: "system:test",
      reason: adminNote("test"),
    });
    await transitionOrder(db(), {
      id: pending.id,
      from: "CONFIRMING",
      to: "PAID",
      actor: "system:test",
      reason: adminNote("test"),
      data: { paidAt: new Date() },
    });
    await expectTotalsEqualRows();
    const refunded = await db().orderTotalsDay.findMany({ where: { status: "REFUNDED" } });
    expect(refunded.reduce((sum, r) => sum + r.orders, 0)).toBe(1);
  });

  it("the check reports a rollup row that no longer matches the rows", async () => {
    const row = await db().orderTotalsDay.findFirstOrThrow({ where: { orders: { gt: 0 } } });
    await db().orderTotalsDay.update({
      where: {
        currency_day_status_kind: {
          currency: row.currency,
          day: row.day,
          status: row.status,
          kind: row.kind,
        },
      },
      data: { orders: row.orders + 1 },
    });
    const differences = await checkOrderTotals(db());
    expect(differences.filter((d) => d.includes(row.day))).toHaveLength(1);
    expect(differences).toContain("OrderTotalsMonth differs from the sum of OrderTotalsDay");
    await rebuildOrderTotals(db());
    expect(await checkOrderTotals(db())).toEqual([]);
  });
});
