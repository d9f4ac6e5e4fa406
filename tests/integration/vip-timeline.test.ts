// One VIP timeline per shopper, against real SQLite and PostgreSQL with the sandbox over HTTP: a
// pass bought during a subscription adds exactly its days and pushes the renewal back; a
// subscription started during a pass starts where the pass ends; a full refund takes back exactly
// the time it bought and moves later time earlier (the "free VIP by refund" bug: 1 year + 30 days
// bought, the year refunded, VIP must last 30 days, not 395).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { cancelSubscription, resumeSubscription } from "@/lib/subscriptions/manage-subscription";
import { findVipAccessUntil } from "@/lib/db/vip-status-repository";
import type { AppDeps } from "@/lib/server/app-deps";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { DAY_MS, movableClock, renew } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

const ADMIN = { actor: "admin:test-admin", actorLabel: "admin@example.com" };
let keySeq = 0;

describe.each(PROVIDERS)("[%s] one VIP timeline per shopper", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function buy(deps: AppDeps, userId: string, planCode: string) {
    const started = await startCheckout(deps, { userId, planCode, preferAppUrl: false });
    const pending = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    const order = await confirmCheckout(deps, back);
    expect(order.status).toBe("PAID");
    return order;
  }

  const passOf = (orderRowId: string) =>
    h.database.db.entitlement.findUniqueOrThrow({ where: { orderId: orderRowId } });
  const subscriptionOf = (id: string) =>
    h.database.db.subscription.findUniqueOrThrow({ where: { id } });

  async function refundInFull(deps: AppDeps, order: { orderId: string; amountMinor: number }) {
    const result = await refundOrder(
      { db: deps.db, payments: deps.payments, now: deps.now },
      {
        merchantOrderId: order.orderId,
        amountMinor: order.amountMinor,
        reason: "Shopper asked for a refund",
        idempotencyKey: `timeline-refund-${Date.now()}-${++keySeq}`,
        ...ADMIN,
      },
    );
    expect(result.kind).toBe("settled");
  }

  it("a pass bought during a subscription adds exactly its days, and the renewal waits for the pass to end", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const start = await buy(deps, shopper.id, "vip-monthly");
    const before = await subscriptionOf(start.subscriptionId!);
    const periodEnd = before.currentPeriodEnd!;
    expect(await findVipAccessUntil(deps.db, shopper.id, clock.now())).toEqual(periodEnd);

    clock.advance(DAY_MS);
    const pass = await buy(deps, shopper.id, "vip-30");
    const window = await passOf(pass.id);
    expect(window.startsAt).toEqual(periodEnd);
    expect(window.endsAt.getTime() - periodEnd.getTime()).toBe(30 * DAY_MS);
    expect(await findVipAccessUntil(deps.db, shopper.id, clock.now())).toEqual(window.endsAt);

    const after = await subscriptionOf(start.subscriptionId!);
    expect(after.nextActionAt).toEqual(window.endsAt);
    expect(after.anchorAt).toEqual(window.endsAt);
    expect(after.anchorPeriodIndex).toBe(1);

    // At the old period end nothing is charged: the pass covers that time.
    clock.set(new Date(periodEnd.getTime() + 1000));
    await renew(deps);
    expect(await h.database.db.billingPeriod.count({ where: { subscriptionId: after.id } })).toBe(
      1,
    );

    // At the pass's end the next period is charged, starting exactly there.
    clock.set(new Date(window.endsAt.getTime() + 1000));
    await renew(deps);
    const renewed = await subscriptionOf(after.id);
    expect(renewed.currentPeriodIndex).toBe(1);
    expect(renewed.currentPeriodStart).toEqual(window.endsAt);
    expect(renewed.status).toBe("ACTIVE");
  });

  it("a subscription started during a pass starts where the pass ends", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const pass = await buy(deps, shopper.id, "vip-30");
    const window = await passOf(pass.id);

    clock.advance(3 * DAY_MS);
    const start = await buy(deps, shopper.id, "vip-yearly");
    const subscription = await subscriptionOf(start.subscriptionId!);
    expect(subscription.currentPeriodStart).toEqual(window.endsAt);
    expect(subscription.anchorAt).toEqual(window.endsAt);
    expect(subscription.nextActionAt).toEqual(subscription.currentPeriodEnd);
    const period = await h.database.db.billingPeriod.findFirstOrThrow({
      where: { subscriptionId: subscription.id },
    });
    expect(period.startsAt).toEqual(window.endsAt);
    expect(period.paidByOrderId).toBe(start.id);
  });

  it("a full refund of the first of two stacked passes takes back its time and moves the second earlier", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const year = await buy(deps, shopper.id, "vip-365");
    const month = await buy(deps, shopper.id, "vip-30");
    expect((await passOf(month.id)).startsAt).toEqual((await passOf(year.id)).endsAt);

    clock.advance(2 * DAY_MS);
    const refundedAt = clock.now();
    await refundInFull(deps, year);

    const yearAfter = await passOf(year.id);
    const monthAfter = await passOf(month.id);
    // The refund's own clock decides "now"; allow the few milliseconds the call took.
    expect(Math.abs(yearAfter.endsAt.getTime() - refundedAt.getTime())).toBeLessThan(5_000);
    expect(monthAfter.startsAt).toEqual(yearAfter.endsAt);
    expect(monthAfter.endsAt.getTime() - monthAfter.startsAt.getTime()).toBe(30 * DAY_MS);
    const vipUntil = await findVipAccessUntil(deps.db, shopper.id, clock.now());
    expect(vipUntil).toEqual(monthAfter.endsAt);
    expect(vipUntil!.getTime() - refundedAt.getTime()).toBeLessThan(30 * DAY_MS + 5_000);
  });

  it("a partial refund keeps the time it bought", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const pass = await buy(deps, shopper.id, "vip-90");
    const before = await passOf(pass.id);
    const result = await refundOrder(
      { db: deps.db, payments: deps.payments, now: deps.now },
      {
        merchantOrderId: pass.orderId,
        amountMinor: 100,
        reason: "Goodwill",
        idempotencyKey: `timeline-partial-${++keySeq}`,
        ...ADMIN,
      },
    );
    expect(result.kind).toBe("settled");
    expect(await passOf(pass.id)).toEqual(before);
  });

  it("a full refund of a subscription's running period ends it, takes back the period and moves a later pass earlier", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const start = await buy(deps, shopper.id, "vip-monthly");
    const pass = await buy(deps, shopper.id, "vip-30");
    const periodEnd = (await subscriptionOf(start.subscriptionId!)).currentPeriodEnd!;
    expect((await passOf(pass.id)).startsAt).toEqual(periodEnd);

    clock.advance(5 * DAY_MS);
    const refundedAt = clock.now();
    await refundInFull(deps, start);

    const ended = await h.database.db.subscription.findUniqueOrThrow({
      where: { id: start.subscriptionId! },
      omit: { regKeyCiphertext: false },
    });
    expect(ended.status).toBe("EXPIRED");
    expect(ended.liveKey).toBeNull();
    const movedPass = await passOf(pass.id);
    expect(Math.abs(movedPass.startsAt.getTime() - refundedAt.getTime())).toBeLessThan(5_000);
    expect(movedPass.endsAt.getTime() - movedPass.startsAt.getTime()).toBe(30 * DAY_MS);
    expect(await findVipAccessUntil(deps.db, shopper.id, clock.now())).toEqual(movedPass.endsAt);

    // The next renewal run releases the stored regKey at LINE Pay.
    expect(ended.regKeyCiphertext).not.toBeNull();
    await renew(deps);
    const released = await h.database.db.subscription.findUniqueOrThrow({
      where: { id: ended.id },
      omit: { regKeyCiphertext: false },
    });
    expect(released.regKeyCiphertext).toBeNull();
  });

  it("a subscription cancelled, then a pass bought, then resumed renews after the pass", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const start = await buy(deps, shopper.id, "vip-monthly");
    const ids = { userId: shopper.id, subscriptionId: start.subscriptionId! };
    await cancelSubscription(deps, ids);
    const pass = await buy(deps, shopper.id, "vip-30");
    const window = await passOf(pass.id);
    // Cancelled: it still ends at its period end, so the pass starts there.
    expect(window.startsAt).toEqual((await subscriptionOf(ids.subscriptionId)).currentPeriodEnd);
    expect((await resumeSubscription(deps, ids)).status).toBe("ACTIVE");
    expect((await subscriptionOf(ids.subscriptionId)).nextActionAt).toEqual(window.endsAt);
  });
});
