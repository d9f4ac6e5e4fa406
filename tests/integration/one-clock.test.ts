// One clock: with the test clock moved (here to 2028), everything the shop writes carries test-clock
// time, so pages never mix "Created 2026" with "Paid 2028": orders, their status changes and audit
// entries, the LINE Pay call log, subscriptions, billing periods, renewal orders and runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { AppDeps } from "@/lib/server/app-deps";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import {
  DAY_MS,
  movableClock,
  renew,
  subscribe,
  type MovableClock,
} from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

const MOVED_TO = new Date("2028-03-01T04:00:00Z");

describe.each(PROVIDERS)("[%s] one clock", (provider) => {
  let h: CheckoutHarness;
  let clock: MovableClock;
  let deps: AppDeps;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock(MOVED_TO);
    deps = h.depsWith({}, clock.now);
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.database.db;
  /** On the test clock: within a few minutes of it, and so more than a year from real time. */
  function expectTestClockTime(at: Date | null | undefined, what: string) {
    expect(at, what).toBeInstanceOf(Date);
    expect(Math.abs(at!.getTime() - clock.now().getTime()), what).toBeLessThan(10 * 60_000);
  }

  it("orders, status changes, audit rows and the call log of a purchase carry the test clock", async () => {
    const shopper = await h.createShopper();
    const paidStart = await startCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    const paid = await db().order.findUniqueOrThrow({ where: { orderId: paidStart.orderId } });
    expectTestClockTime(paid.createdAt, "order createdAt");
    const back = redirectParams(
      (await h.shopperAction(paid.transactionId!, "approve")).redirectUrl,
    );
    expect((await confirmCheckout(deps, back)).status).toBe("PAID");

    const cancelStart = await startCheckout(deps, { userId: shopper.id, planCode: "vip-90" });
    const cancel = await db().order.findUniqueOrThrow({ where: { orderId: cancelStart.orderId } });
    const backCancel = redirectParams(
      (await h.shopperAction(cancel.transactionId!, "cancel")).redirectUrl,
    );
    await cancelCheckout(deps, backCancel);

    const ids = [paid.id, cancel.id];
    const after = await db().order.findMany({ where: { id: { in: ids } } });
    for (const order of after) expectTestClockTime(order.createdAt, `order ${order.status}`);
    expectTestClockTime(after.find((o) => o.id === paid.id)?.paidAt, "paidAt");
    const changes = await db().orderStatusChange.findMany({ where: { orderId: { in: ids } } });
    expect(changes.map((c) => c.toStatus).sort()).toEqual(["CANCELED", "CONFIRMING", "PAID"]);
    for (const change of changes)
      expectTestClockTime(change.createdAt, `change ${change.toStatus}`);
    const audits = await db().auditEntry.findMany({
      where: { targetId: { in: after.map((o) => o.orderId) } },
    });
    expect(audits.length).toBeGreaterThanOrEqual(3);
    for (const audit of audits) expectTestClockTime(audit.createdAt, `audit ${audit.action}`);
    const events = await db().paymentEvent.findMany({ where: { orderId: { in: ids } } });
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const event of events) expectTestClockTime(event.createdAt, `event ${event.endpoint}`);
    const entitlement = await db().entitlement.findUniqueOrThrow({ where: { orderId: paid.id } });
    expectTestClockTime(entitlement.createdAt, "entitlement createdAt");
  });

  it("a subscription, its renewal order, period, status changes and run carry the test clock", async () => {
    const { subscription } = await subscribe(h, deps, "vip-monthly");
    const stored = await db().subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expectTestClockTime(stored.createdAt, "subscription createdAt");

    clock.advance(32 * DAY_MS); // the sandbox keeps real time: its regKey lives for years
    const summary = await renew(deps);
    expect(summary.charged).toBeGreaterThanOrEqual(1);
    const renewal = await db().order.findFirstOrThrow({
      where: { subscriptionId: subscription.id, kind: "RENEWAL" },
    });
    expect(renewal.status).toBe("PAID");
    expectTestClockTime(renewal.createdAt, "renewal order createdAt");
    expectTestClockTime(renewal.paidAt, "renewal paidAt");
    const period = await db().billingPeriod.findFirstOrThrow({
      where: { subscriptionId: subscription.id, periodIndex: 1 },
    });
    expectTestClockTime(period.createdAt, "period createdAt");
    const renewalChanges = await db().orderStatusChange.findMany({
      where: { orderId: renewal.id },
    });
    expect(renewalChanges.length).toBeGreaterThanOrEqual(1);
    for (const change of renewalChanges)
      expectTestClockTime(change.createdAt, `renewal change ${change.toStatus}`);
    const subscriptionChanges = await db().subscriptionStatusChange.findMany({
      where: { subscriptionId: subscription.id },
    });
    expect(subscriptionChanges.map((c) => c.toStatus)).toContain("ACTIVE");
    // Written when it happened on the test clock (the start, at MOVED_TO), not in real time.
    for (const change of subscriptionChanges)
      expect(change.createdAt.getTime()).toBeGreaterThan(MOVED_TO.getTime() - 60_000);
    const run = await db().renewalRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expectTestClockTime(run.startedAt, "renewal run startedAt");
  });
});
