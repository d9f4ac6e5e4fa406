// A renewal charge whose answer was lost (LINE Pay charged, we do not know it yet) must be settled
// before a shopper's cancel or an admin's expire-regKey goes through, and reconciliation must
// settle such a charge even on a subscription that already ended (issue 12 part 7). Real databases
// (SQLite and Postgres), the LINE Pay sandbox over HTTP, a movable app clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expireRegKeyByAdmin } from "@/lib/admin/manage-subscription-admin";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import type { AppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { cancelSubscription, startRebind } from "@/lib/subscriptions/manage-subscription";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { movableClock, renew, subscribe, type MovableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

const HOUR_MS = 60 * 60 * 1000;

describe.each(PROVIDERS)("[%s] renewal outcome unknown, then cancel or expire", (provider) => {
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

  const reconcile = (deps: AppDeps) =>
    runReconciliation(
      { checkout: deps, renewal: renewalDepsFrom(deps), schedule: DEFAULT_RECONCILE_SCHEDULE },
      { trigger: "test" },
    );
  /** LINE Pay's captured payments for this subscription's orders (first period, renewals, re-binds). */
  const capturedFor = async (deps: AppDeps, subscriptionId: string) => {
    const orderIds = (
      await deps.db.order.findMany({ where: { subscriptionId }, select: { orderId: true } })
    ).map((o) => o.orderId);
    return (await h.ledger()).transactions.filter(
      (t) => t.state === "CAPTURED" && orderIds.includes(t.orderId),
    );
  };
  const admin = { actor: "admin:test", actorLabel: "admin@example.com", reason: "test" };

  /** ACTIVE, with the first renewal charged at LINE Pay and its answer lost (attempt UNKNOWN). */
  async function chargedButUnknown(deps: AppDeps, clock: MovableClock) {
    const { subscription, shopper } = await subscribe(h, deps);
    const ledger = (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
      regKeys: { regKey: string }[];
    };
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey: ledger.regKeys.at(-1)?.regKey },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    await renew(deps);
    const attempt = await deps.db.chargeAttempt.findUniqueOrThrow({
      where: { orderId: `SUB-${subscription.id}-1-1` },
    });
    expect(attempt.status).toBe("UNKNOWN");
    return { subscription, shopper };
  }

  const paidPeriods = async (deps: AppDeps, subscriptionId: string) =>
    (
      await deps.db.billingPeriod.findMany({
        where: { subscriptionId, status: "PAID" },
        orderBy: { periodIndex: "asc" },
      })
    ).map((p) => p.periodIndex);

  it("a shopper's cancel first settles the lost renewal: the charged period is kept, then it ends", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await chargedButUnknown(deps, clock);

    await cancelSubscription(deps, { userId: shopper.id, subscriptionId: subscription.id });
    const cancelled = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    // LINE Pay charged period 1: it is the shopper's, and the cancel applies at its end.
    expect(cancelled).toMatchObject({ status: "CANCELED", currentPeriodIndex: 1 });
    expect(await paidPeriods(deps, subscription.id)).toEqual([0, 1]);
    expect(
      await deps.db.order.findUniqueOrThrow({ where: { orderId: `SUB-${subscription.id}-1-1` } }),
    ).toMatchObject({ status: "PAID" });

    clock.set(new Date((cancelled.currentPeriodEnd as Date).getTime() + HOUR_MS));
    await renew(deps);
    expect(
      (await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status,
    ).toBe("EXPIRED");
    expect(await reconcile(deps)).toMatchObject({ errors: 0, flagged: 0 });
    expect(await capturedFor(deps, subscription.id)).toHaveLength(2); // the first period and period 1
  });

  it("a cancel is refused with a clear message while LINE Pay cannot tell, and nothing changes", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await chargedButUnknown(deps, clock);
    h.sandbox.faults.add({ match: { endpoint: "paymentDetails" }, action: { type: "http500" } });
    await expect(
      cancelSubscription(deps, { userId: shopper.id, subscriptionId: subscription.id }),
    ).rejects.toMatchObject({ status: 409, message: /still being verified with LINE Pay/ });
    expect(
      await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({ status: "ACTIVE", currentPeriodIndex: 0, cancelAtPeriodEnd: false });
    expect(await expireRegKeyByAdmin(deps, subscription.id, admin)).toEqual({
      kind: "renewal_unsettled",
    });
  });

  it("an admin's expire-regKey first settles the lost renewal, so the re-approval pays the next period, never the same one twice", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await chargedButUnknown(deps, clock);

    const expired = await expireRegKeyByAdmin(deps, subscription.id, admin);
    expect(expired).toMatchObject({ kind: "done", subscription: { status: "NEEDS_REBIND" } });
    const rebind = await startRebind(deps, {
      userId: shopper.id,
      subscriptionId: subscription.id,
      preferAppUrl: false,
    });
    const order = await deps.db.order.findUniqueOrThrow({ where: { orderId: rebind.orderId } });
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    expect((await confirmCheckout(deps, back)).status).toBe("PAID");

    // One PAID period per index, each paid by exactly one order.
    const periods = await deps.db.billingPeriod.findMany({
      where: { subscriptionId: subscription.id, status: "PAID" },
      orderBy: { periodIndex: "asc" },
    });
    expect(periods.map((p) => p.periodIndex)).toEqual([0, 1, 2]);
    expect(periods[2]?.paidByOrderId).toBe(order.id);
    expect(await capturedFor(deps, subscription.id)).toHaveLength(3);
    clock.advance(HOUR_MS);
    expect(await reconcile(deps)).toMatchObject({ errors: 0, flagged: 0 });
  });

  it("a renewal LINE Pay charged on a subscription that already ended is refunded by reconciliation, not an error forever", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await chargedButUnknown(deps, clock);
    // The state earlier code left behind: the shopper's cancel went through and the engine ended it.
    await deps.db.subscription.update({
      where: { id: subscription.id },
      data: { status: "EXPIRED", endedAt: clock.now(), liveKey: null, claimUntil: null },
    });

    clock.advance(HOUR_MS);
    expect(await reconcile(deps)).toMatchObject({ errors: 0, flagged: 0 });
    const order = await deps.db.order.findUniqueOrThrow({
      where: { orderId: `SUB-${subscription.id}-1-1` },
    });
    expect(order).toMatchObject({ status: "REFUNDED", failureCode: "CHARGE_NOT_APPLIED" });
    expect(
      await deps.db.chargeAttempt.findUniqueOrThrow({ where: { orderId: order.orderId } }),
    ).toMatchObject({ status: "SUCCEEDED", paidPeriodKey: null });
    expect(await deps.db.refund.findMany({ where: { orderId: order.id } })).toMatchObject([
      { status: "SUCCEEDED", amountMinor: order.amountMinor },
    ]);
    const entry = (await h.ledger()).transactions.find((t) => t.orderId === order.orderId);
    expect(entry).toMatchObject({ refundedAmount: order.amountMinor, refundableAmount: 0 });
    expect(await paidPeriods(deps, subscription.id)).toEqual([0]);
    expect(await reconcile(deps)).toMatchObject({ errors: 0 });
  });
});
