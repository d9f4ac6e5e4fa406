// Re-approval ("Approve LINE Pay again") money safety, issue 12 part 7: two re-approvals of one
// subscription never both charge, a re-approval that can no longer buy its period is refunded
// automatically, and reconciliation settles every such order. Real databases (SQLite and
// Postgres), the LINE Pay sandbox over HTTP, a movable app clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { storedReasonText } from "@/lib/i18n/status-reason-text";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import type { AppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { startRebind } from "@/lib/subscriptions/manage-subscription";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { DAY_MS, movableClock, renew, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

interface LedgerRegKey {
  regKey: string;
  state: string;
}

describe.each(PROVIDERS)("[%s] re-approval money safety", (provider) => {
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

  const regKeys = async () =>
    (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: LedgerRegKey[];
      }
    ).regKeys;
  const issuedRegKey = async (orderId: string) =>
    ((await h.ledger()).transactions.find((t) => t.orderId === orderId) as { regKey?: string })
      ?.regKey;
  const reconcile = (deps: AppDeps) =>
    runReconciliation(
      { checkout: deps, renewal: renewalDepsFrom(deps), schedule: DEFAULT_RECONCILE_SCHEDULE },
      { trigger: "test" },
    );

  /** An ACTIVE subscription whose regKey died at its first renewal: NEEDS_REBIND. */
  async function needingRebind(deps: AppDeps, clock: ReturnType<typeof movableClock>) {
    const { subscription, shopper } = await subscribe(h, deps);
    const oldKey = (await regKeys()).at(-1)?.regKey as string;
    await fetch(`${h.sandbox.url}/__sandbox/regkeys/${oldKey}/expire`, { method: "POST" });
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    await renew(deps);
    const now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(now.status).toBe("NEEDS_REBIND");
    return { subscription, shopper };
  }

  async function approvedRebind(deps: AppDeps, userId: string, subscriptionId: string) {
    const started = await startRebind(deps, { userId, subscriptionId, preferAppUrl: false });
    const order = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    return { order, back };
  }

  it("two approved re-approvals confirmed at once charge the period once; the older one never confirms", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await needingRebind(deps, clock);
    const first = await approvedRebind(deps, shopper.id, subscription.id);
    const second = await approvedRebind(deps, shopper.id, subscription.id);

    await Promise.all([confirmCheckout(deps, first.back), confirmCheckout(deps, second.back)]);
    await reconcile(deps);

    const rebindOrderIds = [first.order.orderId, second.order.orderId];
    const ledger = await h.ledger();
    const charged = ledger.transactions.filter(
      (t) => rebindOrderIds.includes(t.orderId) && t.state === "CAPTURED",
    );
    // One NT$149 charge at LINE Pay, one PAID order, one paid period 1.
    expect(charged.map((t) => t.orderId)).toEqual([second.order.orderId]);
    const orders = await deps.db.order.findMany({
      where: { subscriptionId: subscription.id, kind: "SUBSCRIPTION_REBIND" },
      orderBy: { createdAt: "asc" },
    });
    expect(orders.map((o) => o.status)).toEqual(["EXPIRED", "PAID"]);
    const periods = await deps.db.billingPeriod.findMany({
      where: { subscriptionId: subscription.id, status: "PAID" },
    });
    expect(periods.map((p) => p.periodIndex).sort()).toEqual([0, 1]);
    const after = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after).toMatchObject({ status: "ACTIVE", currentPeriodIndex: 1, rebindOrderId: null });
    // No live regKey is left that we do not store.
    expect(await issuedRegKey(first.order.orderId)).toBeFalsy();
    const storedKey = await issuedRegKey(second.order.orderId);
    expect((await regKeys()).find((r) => r.regKey === storedKey)?.state).toBe("ACTIVE");
    // Nothing is left open for reconciliation, and a later run finds nothing to fail on.
    clock.advance(DAY_MS);
    expect(await reconcile(deps)).toMatchObject({ errors: 0, flagged: 0 });
  });

  it("a new re-approval expires the older PENDING one, and one being confirmed blocks a new one", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await needingRebind(deps, clock);
    const first = await startRebind(deps, {
      userId: shopper.id,
      subscriptionId: subscription.id,
      preferAppUrl: false,
    });
    const second = await startRebind(deps, {
      userId: shopper.id,
      subscriptionId: subscription.id,
      preferAppUrl: false,
    });
    const byId = (orderId: string) => deps.db.order.findUniqueOrThrow({ where: { orderId } });
    expect((await byId(first.orderId)).status).toBe("EXPIRED");
    expect((await byId(second.orderId)).status).toBe("PENDING");
    const named = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(named.rebindOrderId).toBe((await byId(second.orderId)).id);
    // The database holds at most one subscription per re-bind order.
    const other = await subscribe(h, deps);
    await expect(
      deps.db.subscription.update({
        where: { id: other.subscription.id },
        data: { rebindOrderId: named.rebindOrderId },
      }),
    ).rejects.toThrow();

    // While the newest is being confirmed (LINE Pay slow to answer), a new one is refused.
    const secondOrder = await byId(second.orderId);
    h.sandbox.faults.add({
      match: { endpoint: "confirm", transactionId: secondOrder.transactionId as string },
      action: { type: "delay", ms: 1500 },
      times: 1,
    });
    const back = redirectParams(
      (await h.shopperAction(secondOrder.transactionId as string, "approve")).redirectUrl,
    );
    const confirming = confirmCheckout(deps, back);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(
      startRebind(deps, {
        userId: shopper.id,
        subscriptionId: subscription.id,
        preferAppUrl: false,
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect((await confirming).status).toBe("PAID");
  });

  it("a re-approval charged after the subscription ended is refunded automatically and its regKey expired", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await needingRebind(deps, clock);
    const { order, back } = await approvedRebind(deps, shopper.id, subscription.id);
    // LINE Pay answers the confirm slowly; meanwhile the grace period ends and the engine ends it.
    h.sandbox.faults.add({
      match: { endpoint: "confirm", transactionId: order.transactionId as string },
      action: { type: "delay", ms: 1500 },
      times: 1,
    });
    const confirming = confirmCheckout(deps, back);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const grace = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    clock.set(new Date((grace.graceUntil as Date).getTime() + 1000));
    await renew(deps);
    expect(
      (await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status,
    ).toBe("EXPIRED");

    await confirming;
    const settled = await deps.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(settled).toMatchObject({ status: "REFUNDED", failureCode: "CHARGE_NOT_APPLIED" });
    expect(settled.failureMessage).toMatch(/refunded automatically/);
    const entry = (await h.ledger()).transactions.find((t) => t.orderId === order.orderId);
    expect(entry).toMatchObject({ refundedAmount: order.amountMinor, refundableAmount: 0 });
    expect(
      (await regKeys()).find((r) => r.regKey === (entry as { regKey?: string }).regKey)?.state,
    ).toBe("EXPIRED");
    const refunds = await deps.db.refund.findMany({ where: { orderId: order.id } });
    expect(refunds).toMatchObject([{ status: "SUCCEEDED", amountMinor: order.amountMinor }]);
    // The automatic refund's reason is a catalogue code, so the back office can say it in Chinese.
    expect(refunds[0]).toMatchObject({ reasonCode: "subscription.rebind_charge_refunded" });
    expect(storedReasonText(refunds[0]!, "zh-TW")).toMatch(/^此訂閱已不再等待這次重新授權時/);
    const refundedChange = await deps.db.orderStatusChange.findFirstOrThrow({
      where: { orderId: order.id, toStatus: "REFUNDED" },
    });
    expect(refundedChange.reasonCode).toBe("refund.refunded");
    expect(storedReasonText(refundedChange, "zh-TW")).toMatch(
      /^已退款 \d+ TWD（此訂閱已不再等待這次重新授權時/,
    );
    expect(
      await deps.db.billingPeriod.count({
        where: { subscriptionId: subscription.id, status: "PAID" },
      }),
    ).toBe(1);
    expect(await reconcile(deps)).toMatchObject({ errors: 0, flagged: 0 });
  });

  it("a charge recorded as buying nothing whose refund never started (process stopped) is refunded by reconciliation", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await needingRebind(deps, clock);
    const { order, back } = await approvedRebind(deps, shopper.id, subscription.id);
    h.sandbox.faults.add({
      match: { endpoint: "confirm", transactionId: order.transactionId as string },
      action: { type: "delay", ms: 1500 },
      times: 1,
    });
    // The process "stops" right after the PAID commit, before the automatic refund.
    const stopping = {
      ...deps,
      fulfilment: {
        ...deps.fulfilment,
        afterPaid: () => Promise.reject(new Error("process stopped")),
      },
    };
    const confirming = confirmCheckout(stopping, back).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const grace = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    clock.set(new Date((grace.graceUntil as Date).getTime() + 1000));
    await renew(deps);
    await confirming;
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "PAID",
      failureCode: "CHARGE_NOT_APPLIED",
      refundedMinor: 0,
    });

    expect(await reconcile(deps)).toMatchObject({ errors: 0, flagged: 0 });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "REFUNDED",
      refundedMinor: order.amountMinor,
    });
    const entry = (await h.ledger()).transactions.find((t) => t.orderId === order.orderId);
    expect(entry).toMatchObject({ refundedAmount: order.amountMinor, refundableAmount: 0 });
    await reconcile(deps);
    expect(await deps.db.refund.count({ where: { orderId: order.id } })).toBe(1);
  });
});
