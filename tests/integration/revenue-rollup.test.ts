// The revenue rollup maintained by the money transitions themselves, on real SQLite and Postgres with
// the LINE Pay sandbox over HTTP: after subscriptions bought side by side, a one-time pass, a
// cancelled checkout, renewals charged and declined, a subscription that runs out of retries, a
// partial and two full refunds, the rollup must equal the recomputation from every row (the
// `npm run revenue:rollup` check), and the dashboard's figures read from it must equal the figures
// recomputed from raw rows. A rebuild from scratch gives the same rollup.
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { dayBuckets, monthBuckets } from "@/lib/billing/revenue-metrics";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { recomputeRevenueFigures } from "@/lib/db/revenue-recompute";
import { loadRevenueFigures } from "@/lib/db/revenue-repository";
import { checkOrderTotals } from "@/lib/db/order-totals-rebuild";
import { checkRevenueRollup, rebuildRevenueRollup } from "@/lib/db/revenue-rollup-rebuild";
import { foldPendingRollups, markRollupDirty, pendingRollupChanges } from "@/lib/db/rollup-queue";
import { sqlOf } from "@/lib/db/client";
import type { AppDeps } from "@/lib/server/app-deps";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { movableClock, renew, subscribe, type MovableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

const TAIPEI = "Asia/Taipei";
const HOUR = 3_600_000;

describe.each(PROVIDERS)("[%s] revenue rollup kept by the money transitions", (provider) => {
  let h: CheckoutHarness;
  let clock: MovableClock;
  let deps: AppDeps;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock();
    deps = h.depsWith({}, clock.now);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.database.db;
  /** The rollup equals the recomputation from rows, and so do the page's figures; returns them. */
  async function expectRollupExact() {
    expect(await checkRevenueRollup(db())).toEqual({ differences: [], spanDifferences: 0 });
    expect(await checkOrderTotals(db())).toEqual([]);
    const now = clock.now();
    const input = {
      currency: "TWD",
      months: monthBuckets(now, 12, TAIPEI),
      days: dayBuckets(now, 40, TAIPEI),
      now,
    };
    const figures = await loadRevenueFigures(db(), input);
    expect(figures).toEqual(await recomputeRevenueFigures(db(), input));
    return {
      active: figures.monthly.at(-1)!.activeSubscribers,
      mrr: figures.monthly.at(-1)!.mrrMinor,
      gross: figures.daily.reduce((sum, d) => sum + d.grossMinor, 0),
      refunded: figures.daily.reduce((sum, d) => sum + d.refundedMinor, 0),
      renewals: figures.renewals.reduce(
        (sum, r) => ({ charged: sum.charged + r.charged, failed: sum.failed + r.failed }),
        { charged: 0, failed: 0 },
      ),
      churn: figures.monthly.reduce(
        (sum, m) => sum + m.churnedFailedPayment + m.churnedVoluntary,
        0,
      ),
    };
  }

  async function buyPass(planCode: string, outcome: "approve" | "cancel") {
    const shopper = await h.createShopper();
    const started = await startCheckout(deps, {
      userId: shopper.id,
      planCode,
      preferAppUrl: false,
    });
    const order = await db().order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams((await h.shopperAction(order.transactionId!, outcome)).redirectUrl);
    if (outcome === "approve") await confirmCheckout(deps, back);
    else await cancelCheckout(deps, back);
    return db().order.findUniqueOrThrow({ where: { id: order.id } });
  }

  const refund = (merchantOrderId: string, amountMinor: number) =>
    refundOrder(
      { db: db(), payments: deps.payments, now: clock.now },
      {
        merchantOrderId,
        amountMinor,
        reason: "rollup test",
        idempotencyKey: `rollup-${merchantOrderId}-${amountMinor}`,
        actor: "admin:test",
        actorLabel: "admin@example.com",
      },
    );

  it("equals the recomputation after purchases, renewals, declines, expiry and refunds", async () => {
    expect(await expectRollupExact()).toMatchObject({ active: 0, gross: 0 });

    // Four subscriptions bought side by side, a pass bought, and a checkout cancelled.
    const limit = pLimit(4);
    const subscribed = await Promise.all(
      Array.from({ length: 4 }, () => limit(() => subscribe(h, deps))),
    );
    const price = subscribed[0]!.order.amountMinor;
    const pass = await buyPass("vip-30", "approve");
    const cancelled = await buyPass("vip-90", "cancel");
    expect([pass.status, cancelled.status]).toEqual(["PAID", "CANCELED"]);
    let figures = await expectRollupExact();
    expect(figures).toMatchObject({
      active: 4,
      mrr: 4 * price,
      gross: 4 * price + pass.amountMinor,
    });

    // A month later: three renew, one is declined (and declined again until it expires).
    const [a, b, c, d] = subscribed.map((s) => s.subscription);
    const regKeys = (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: Array<{ regKey: string }>;
      }
    ).regKeys;
    expect(regKeys.length).toBeGreaterThanOrEqual(4);
    const declinedId = d!.id;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", orderId: `SUB-${declinedId}-1-1` },
      action: { type: "returnCode", returnCode: "1142" },
    });
    const due = Math.max(...subscribed.map((s) => s.subscription.currentPeriodEnd!.getTime()));
    clock.set(new Date(due + 1000));
    h.sandbox.clock.setNow(clock.now());
    await Promise.all([renew(deps), renew(deps)]);
    figures = await expectRollupExact();
    expect(figures.renewals).toEqual({ charged: 3, failed: 1 });
    expect(figures.gross).toBe(7 * price + pass.amountMinor);

    // Every retry of the declined one fails: it expires (failed-payment churn).
    for (const attempt of [2, 3, 4])
      h.sandbox.faults.add({
        match: { endpoint: "payPreapproved", orderId: `SUB-${declinedId}-1-${attempt}` },
        action: { type: "returnCode", returnCode: "1142" },
      });
    for (const hours of [24, 72, 120, 170]) {
      clock.set(new Date(due + hours * HOUR + 1000));
      h.sandbox.clock.setNow(clock.now());
      await renew(deps);
    }
    const ended = await db().subscription.findUniqueOrThrow({ where: { id: declinedId } });
    expect(ended.status).toBe("EXPIRED");
    figures = await expectRollupExact();
    expect(figures).toMatchObject({ active: 3, churn: 1 });

    // A partial refund of a renewal, a full refund of the pass, a full refund of a renewal period.
    const renewalOf = (subscriptionId: string) =>
      db().order.findFirstOrThrow({
        where: { subscriptionId, kind: "RENEWAL", status: "PAID" },
      });
    const partial = await refund((await renewalOf(a!.id)).orderId, 50);
    const full = await refund(pass.orderId, pass.amountMinor);
    const renewalC = await renewalOf(c!.id);
    const fullRenewal = await refund(renewalC.orderId, renewalC.amountMinor);
    for (const r of [partial, full, fullRenewal])
      expect(r.kind === "settled" && r.refund.status).toBe("SUCCEEDED");
    figures = await expectRollupExact();
    expect(figures.refunded).toBe(50 + pass.amountMinor + renewalC.amountMinor);
    // The fully refunded renewal takes its time back: that subscription has ended.
    expect((await db().subscription.findUniqueOrThrow({ where: { id: c!.id } })).status).toBe(
      "EXPIRED",
    );
    expect(figures).toMatchObject({ active: 2, mrr: 2 * price, churn: 2 });
    expect(b).toBeDefined();

    // Rebuilding from scratch gives exactly what the transactions maintained.
    const before = await db().revenueDay.findMany({
      orderBy: [{ currency: "asc" }, { day: "asc" }],
    });
    await rebuildRevenueRollup(db());
    expect(
      await db().revenueDay.findMany({ orderBy: [{ currency: "asc" }, { day: "asc" }] }),
    ).toEqual(before);
    expect(await expectRollupExact()).toEqual(figures);
  }, 300_000);

  it("the check reports a rollup row that no longer matches the rows", async () => {
    const row = await db().revenueDay.findFirstOrThrow({ where: { grossMinor: { gt: 0 } } });
    await db().revenueDay.update({
      where: { currency_day: { currency: row.currency, day: row.day } },
      data: { grossMinor: row.grossMinor + 1 },
    });
    const { differences } = await checkRevenueRollup(db());
    expect(differences).toEqual([
      {
        currency: row.currency,
        day: row.day,
        counter: "grossMinor",
        stored: row.grossMinor + 1,
        recomputed: row.grossMinor,
      },
    ]);
    await rebuildRevenueRollup(db());
    expect(await checkRevenueRollup(db())).toEqual({ differences: [], spanDifferences: 0 });
  });

  it("money moves only queue their sources; two folds at once count each change once", async () => {
    await foldPendingRollups(db());
    const byDay = { orderBy: [{ currency: "asc" as const }, { day: "asc" as const }] };
    const gross = async () =>
      (await db().revenueDay.findMany(byDay)).reduce((sum, d) => sum + d.grossMinor, 0);
    const before = await db().revenueDay.findMany(byDay);
    const grossBefore = await gross();

    const bought = await Promise.all([subscribe(h, deps), subscribe(h, deps)]);
    const pass = await buyPass("vip-30", "approve");
    // The money transactions queued their sources and left the rollup alone.
    expect(await db().revenueDay.findMany(byDay)).toEqual(before);
    // Each source queued again and again, so both folds meet the same sources.
    const subscriptionIds = bought.map((b) => b.subscription.id);
    const orderIds = [...bought.map((b) => b.order.id), pass.id];
    for (let i = 0; i < 5; i++)
      await sqlOf(db())
        .transaction()
        .execute((tx) => markRollupDirty(tx, { subscriptionIds, orderIds }));
    const queued = await pendingRollupChanges(db());
    expect(queued).toBeGreaterThanOrEqual(5 * 5 + 5);

    const folds = await Promise.all([
      foldPendingRollups(db(), { batch: 2 }),
      foldPendingRollups(db(), { batch: 2 }),
    ]);
    expect(folds[0] + folds[1]).toBe(queued);
    expect(await pendingRollupChanges(db())).toBe(0);
    const price = bought[0].order.amountMinor;
    expect((await gross()) - grossBefore).toBe(2 * price + pass.amountMinor);
    expect(await checkRevenueRollup(db())).toEqual({ differences: [], spanDifferences: 0 });
    expect(await checkOrderTotals(db())).toEqual([]);
  }, 120_000);
});
