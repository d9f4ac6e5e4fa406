// regKey health before the charge date (issue 12 part 8): a few days before a renewal the engine
// asks LINE Pay (Check regKey) about the stored regKey; a dead one asks the shopper to approve
// again while VIP is still paid, and the re-approval then pays the next period exactly once.
// Real databases (SQLite and Postgres), the LINE Pay sandbox over HTTP, a movable app clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";
import { subscriptionGrantsAccess } from "@/lib/billing/vip-access";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { cancelSubscription, startRebind } from "@/lib/subscriptions/manage-subscription";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { DAY_MS, movableClock, renew, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

const CHECK_DAYS = DEFAULT_BILLING_POLICY.regKeyCheckDaysBeforeRenewal;

describe.each(PROVIDERS)("[%s] regKey health before the renewal", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.sandbox.faults.clear();
  });

  const lastRegKey = async () =>
    (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: { regKey: string }[];
      }
    ).regKeys.at(-1)?.regKey as string;
  const checkCalls = (subscriptionId: string) =>
    h.database.db.paymentEvent.count({ where: { subscriptionId, endpoint: "checkRegKey" } });

  it(`checks the regKey ${CHECK_DAYS} days ahead, once per renewal, and leaves a usable one alone`, async () => {
    expect(CHECK_DAYS).toBeGreaterThan(0);
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    const periodEnd = subscription.currentPeriodEnd as Date;

    clock.set(new Date(periodEnd.getTime() - (CHECK_DAYS + 1) * DAY_MS));
    await renew(deps);
    expect(await checkCalls(subscription.id)).toBe(0); // too early

    clock.set(new Date(periodEnd.getTime() - (CHECK_DAYS - 1) * DAY_MS));
    await renew(deps);
    await renew(deps);
    expect(await checkCalls(subscription.id)).toBe(1);
    expect(
      await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({ status: "ACTIVE", regKeyCheckedPeriod: 0, currentPeriodIndex: 0 });

    // The renewal itself is unchanged, and the next period's check comes again before its end.
    clock.set(new Date(periodEnd.getTime() + 1000));
    await renew(deps);
    const renewed = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    expect(renewed).toMatchObject({ status: "ACTIVE", currentPeriodIndex: 1 });
    clock.set(new Date((renewed.currentPeriodEnd as Date).getTime() - DAY_MS));
    await renew(deps);
    expect(await checkCalls(subscription.id)).toBe(2);
  });

  it("a dead regKey found ahead asks for a new approval while VIP is paid; the re-approval pays the next period once", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await subscribe(h, deps);
    const periodEnd = subscription.currentPeriodEnd as Date;
    await fetch(`${h.sandbox.url}/__sandbox/regkeys/${await lastRegKey()}/expire`, {
      method: "POST",
    });

    clock.set(new Date(periodEnd.getTime() - (CHECK_DAYS - 1) * DAY_MS));
    const run = await renew(deps);
    expect(run.rebind).toBe(1);
    const flagged = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    expect(flagged).toMatchObject({
      status: "NEEDS_REBIND",
      currentPeriodIndex: 0,
      currentPeriodEnd: periodEnd,
      graceUntil: new Date(periodEnd.getTime() + DEFAULT_BILLING_POLICY.gracePeriodDays * DAY_MS),
    });
    expect(subscriptionGrantsAccess(flagged, clock.now())).toBe(true);
    expect(
      await deps.db.chargeAttempt.count({ where: { period: { subscriptionId: subscription.id } } }),
    ).toBe(0);

    const started = await startRebind(deps, {
      userId: shopper.id,
      subscriptionId: subscription.id,
      preferAppUrl: false,
    });
    const order = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    expect((await confirmCheckout(deps, back)).status).toBe("PAID");
    const rebound = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    // Period 1 starts where the paid period 0 ends: nothing is bought twice.
    expect(rebound).toMatchObject({
      status: "ACTIVE",
      currentPeriodIndex: 1,
      currentPeriodStart: periodEnd,
    });

    // The old period end passes: no renewal charge, period 1 is already paid.
    clock.set(new Date(periodEnd.getTime() + 1000));
    await renew(deps);
    const periods = await deps.db.billingPeriod.findMany({
      where: { subscriptionId: subscription.id },
      orderBy: { periodIndex: "asc" },
    });
    expect(periods.map((p) => [p.periodIndex, p.status])).toEqual([
      [0, "PAID"],
      [1, "PAID"],
    ]);
    expect(
      await deps.db.chargeAttempt.count({ where: { period: { subscriptionId: subscription.id } } }),
    ).toBe(0);
  });

  it("cancelling while the new approval is awaited and the period is still paid keeps VIP to the period end", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await subscribe(h, deps);
    const periodEnd = subscription.currentPeriodEnd as Date;
    await fetch(`${h.sandbox.url}/__sandbox/regkeys/${await lastRegKey()}/expire`, {
      method: "POST",
    });
    clock.set(new Date(periodEnd.getTime() - DAY_MS));
    await renew(deps);
    await cancelSubscription(deps, { userId: shopper.id, subscriptionId: subscription.id });
    const cancelled = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    expect(cancelled).toMatchObject({ status: "CANCELED", currentPeriodEnd: periodEnd });
    expect(subscriptionGrantsAccess(cancelled, clock.now())).toBe(true);
    clock.set(new Date(periodEnd.getTime() + 1000));
    await renew(deps);
    expect(
      await deps.db.subscription.findUniqueOrThrow({
        where: { id: subscription.id },
        omit: { regKeyCiphertext: false },
      }),
    ).toMatchObject({ status: "EXPIRED", regKeyCiphertext: null });
  });

  it("a check LINE Pay cannot answer is asked again next run; 1141 (account unusable) counts as dead", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    const periodEnd = subscription.currentPeriodEnd as Date;
    const regKey = await lastRegKey();
    h.sandbox.faults.add({
      match: { endpoint: "checkRegKey", regKey },
      action: { type: "http500" },
      times: 1,
    });
    clock.set(new Date(periodEnd.getTime() - DAY_MS));
    expect(await renew(deps)).toMatchObject({ errors: 0, rebind: 0 });
    expect(
      await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({ status: "ACTIVE", regKeyCheckedPeriod: null });

    h.sandbox.faults.add({
      match: { endpoint: "checkRegKey", regKey },
      action: { type: "returnCode", returnCode: "1141" },
      times: 1,
    });
    expect(await renew(deps)).toMatchObject({ errors: 0, rebind: 1 });
    expect(
      await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({ status: "NEEDS_REBIND", regKeyCheckedPeriod: 0 });
  });

  it("a pass that pushes the next period back moves the check with it, and grace counts from the real renewal date", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await subscribe(h, deps);
    const regKey = await lastRegKey();
    const started = await startCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-30",
      preferAppUrl: false,
    });
    const pending = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId as string, "approve")).redirectUrl,
    );
    expect((await confirmCheckout(deps, back)).status).toBe("PAID");
    const pushed = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    const renewsAt = pushed.nextActionAt as Date;
    const periodEnd = pushed.currentPeriodEnd as Date;
    expect(renewsAt.getTime()).toBeGreaterThan(periodEnd.getTime() + 29 * DAY_MS);
    await fetch(`${h.sandbox.url}/__sandbox/regkeys/${regKey}/expire`, { method: "POST" });

    // Days before the paid period ends, but a month before the renewal: not checked yet.
    clock.set(new Date(periodEnd.getTime() - DAY_MS));
    await renew(deps);
    expect(await checkCalls(subscription.id)).toBe(0);

    clock.set(new Date(renewsAt.getTime() - DAY_MS));
    await renew(deps);
    expect(
      await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({
      status: "NEEDS_REBIND",
      graceUntil: new Date(renewsAt.getTime() + DEFAULT_BILLING_POLICY.gracePeriodDays * DAY_MS),
    });
  });
});
