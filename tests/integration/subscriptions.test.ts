// Subscriptions end to end at the use-case level: real database (SQLite and Postgres), the sandbox
// over HTTP, a movable app clock. Checks the database and the sandbox's own ledger after each step.
import { CHECKOUT_REUSE_WINDOW_MS } from "@/lib/billing/checkout-window";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import {
  cancelSubscription,
  resumeSubscription,
  startRebind,
} from "@/lib/subscriptions/manage-subscription";
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

describe.each(PROVIDERS)("[%s] VIP subscriptions on LINE Pay preapproved payments", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  const regKeys = async () =>
    (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: LedgerRegKey[];
      }
    ).regKeys;
  const chargesFor = async (subscriptionId: string) =>
    (await h.ledger()).transactions.filter(
      (t) => t.orderId.startsWith(`SUB-${subscriptionId}-`) && t.state === "CAPTURED",
    );

  it("subscribing charges the first period, stores the regKey sealed, and grants VIP by subscription", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, order } = await subscribe(h, deps);
    expect(subscription.status).toBe("ACTIVE");
    expect(subscription.regKeyCiphertext).toMatch(/^v1\./);
    const issued = (await h.ledger()).transactions.find(
      (t) => t.orderId === order.orderId,
    ) as unknown as { regKey: string };
    expect(issued.regKey).toMatch(/^RK/);
    // The plain regKey is nowhere in the subscription row.
    expect(JSON.stringify(subscription)).not.toContain(issued.regKey);
    expect(subscription.regKeyHint).toBe(`RK…${issued.regKey.slice(-3)}`);
    const periods = await deps.db.billingPeriod.findMany({
      where: { subscriptionId: subscription.id },
    });
    expect(periods).toMatchObject([
      { periodIndex: 0, status: "PAID", paidByOrderId: order.id, amountMinor: 149 },
    ]);
    expect(subscription.nextActionAt?.getTime()).toBe(subscription.currentPeriodEnd?.getTime());
    expect(await deps.db.entitlement.count({ where: { orderId: order.id } })).toBe(0);
    // No payment event stores the regKey in clear.
    const events = await deps.db.paymentEvent.findMany({ where: { orderId: order.id } });
    expect(events.map((e) => `${e.request} ${e.response}`).join(" ")).not.toContain(issued.regKey);
  });

  it("refuses a second live subscription to the same plan", async () => {
    const deps = h.depsWith({});
    const { shopper } = await subscribe(h, deps);
    await expect(
      startCheckout(deps, { userId: shopper.id, planCode: "vip-monthly", preferAppUrl: false }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await deps.db.subscription.count({ where: { userId: shopper.id } })).toBe(1);
  });

  it("an abandoned subscription checkout can be restarted, and the old approval can no longer charge", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const first = await startCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-monthly",
      preferAppUrl: false,
    });
    const firstOrder = await deps.db.order.findUniqueOrThrow({ where: { orderId: first.orderId } });
    // Within LINE Pay's payment window a second tap gets the same order (checkout-reuse.test.ts).
    clock.advance(CHECKOUT_REUSE_WINDOW_MS + 1000);
    await startCheckout(deps, { userId: shopper.id, planCode: "vip-monthly", preferAppUrl: false });
    const back = redirectParams(
      (await h.shopperAction(firstOrder.transactionId as string, "approve")).redirectUrl,
    );
    expect((await confirmCheckout(deps, back)).status).toBe("EXPIRED");
    expect(
      (await h.ledger()).transactions.find((t) => t.orderId === firstOrder.orderId)?.state,
    ).not.toBe("CAPTURED");
  });

  it("renews at the period end exactly once, however often the engine runs", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    await renew(deps);
    expect(await chargesFor(subscription.id)).toHaveLength(0);
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    await renew(deps);
    await renew(deps);
    const after = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after.status).toBe("ACTIVE");
    expect(after.currentPeriodIndex).toBe(1);
    expect(await chargesFor(subscription.id)).toHaveLength(1);
    const period1 = await deps.db.billingPeriod.findUniqueOrThrow({
      where: { subscriptionId_periodIndex: { subscriptionId: subscription.id, periodIndex: 1 } },
      include: { attempts: true },
    });
    expect(period1.status).toBe("PAID");
    expect(period1.attempts).toMatchObject([
      { status: "SUCCEEDED", orderId: `SUB-${subscription.id}-1-1`, paidPeriodKey: period1.id },
    ]);
    expect(after.currentPeriodStart?.getTime()).toBe(period1.startsAt.getTime());
  });

  it("a decline makes it PAST_DUE with retries on the schedule; a later retry recovers", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    const regKey = (await regKeys()).at(-1)?.regKey as string;
    const fault = h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey },
      action: { type: "returnCode", returnCode: "1142" },
    });
    const due = subscription.currentPeriodEnd as Date;
    clock.set(new Date(due.getTime() + 1000));
    await renew(deps);
    let now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(now.status).toBe("PAST_DUE");
    expect(now.nextActionAt?.getTime()).toBe(due.getTime() + 24 * 3600_000);
    expect(now.graceUntil?.getTime()).toBe(due.getTime() + 7 * DAY_MS);
    // Nothing happens before the retry time.
    clock.set(new Date(due.getTime() + 23 * 3600_000));
    await renew(deps);
    expect(
      await deps.db.chargeAttempt.count({
        where: { orderId: { startsWith: `SUB-${subscription.id}-1-` } },
      }),
    ).toBe(1);
    h.sandbox.faults.remove(fault);
    clock.set(new Date(due.getTime() + 24 * 3600_000 + 1000));
    await renew(deps);
    now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(now.status).toBe("ACTIVE");
    expect(now.graceUntil).toBeNull();
    const attempts = await deps.db.chargeAttempt.findMany({
      where: { orderId: { startsWith: `SUB-${subscription.id}-1-` } },
      orderBy: { attemptNumber: "asc" },
    });
    expect(attempts.map((a) => [a.status, a.returnCode])).toEqual([
      ["DECLINED", "1142"],
      ["SUCCEEDED", "0000"],
    ]);
    expect(await chargesFor(subscription.id)).toHaveLength(1);
    // Both charges and both status changes are in the audit log, written with the outcome.
    const audit = await deps.db.auditEntry.findMany({
      where: { targetType: "SUBSCRIPTION", targetId: subscription.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const charges = audit
      .filter((a) => a.action === "renewal.charge")
      .map(
        (a) =>
          JSON.parse(a.after ?? "{}") as {
            attempt: string;
            returnCode: string | null;
            subscriptionStatus: string;
          },
      );
    expect(charges.map((c) => [c.attempt, c.returnCode, c.subscriptionStatus])).toEqual([
      ["DECLINED", "1142", "PAST_DUE"],
      ["SUCCEEDED", "0000", "ACTIVE"],
    ]);
    const statuses = audit
      .filter((a) => a.action === "subscription.status")
      .map((a) => `${JSON.parse(a.before ?? "{}").status}>${JSON.parse(a.after ?? "{}").status}`);
    expect(statuses).toEqual(["INCOMPLETE>ACTIVE", "ACTIVE>PAST_DUE", "PAST_DUE>ACTIVE"]);
    expect(audit.every((a) => a.actor.startsWith("system:"))).toBe(true);
    // Each charge is also an order (kind RENEWAL) in the status its outcome means, with its history.
    const orders = await deps.db.order.findMany({
      where: { subscriptionId: subscription.id, kind: "RENEWAL" },
      orderBy: { orderId: "asc" },
    });
    expect(orders.map((o) => [o.orderId, o.status, o.failureCode, o.transactionId])).toEqual([
      [attempts[0]!.orderId, "FAILED", "1142", null],
      [attempts[1]!.orderId, "PAID", null, attempts[1]!.transactionId],
    ]);
    expect(orders[1]!.paidAt).not.toBeNull();
    const history = await deps.db.orderStatusChange.findMany({
      where: { orderId: { in: orders.map((o) => o.id) } },
    });
    expect(history.map((c) => `${c.fromStatus}>${c.toStatus}`).sort()).toEqual([
      "CONFIRMING>FAILED",
      "CONFIRMING>PAID",
    ]);
    // The back office can refund a renewal like any order, and LINE Pay agrees.
    const refund = await refundOrder(
      { db: deps.db, payments: deps.payments, now: clock.now },
      {
        merchantOrderId: orders[1]!.orderId,
        amountMinor: 49,
        reason: "Goodwill",
        idempotencyKey: `renewal-refund-${subscription.id}`,
        actor: "admin:test",
        actorLabel: "admin@example.com",
      },
    );
    expect(refund.kind === "settled" && refund.refund.status).toBe("SUCCEEDED");
    const captured = (await h.ledger()).transactions.find(
      (t) => t.transactionId === orders[1]!.transactionId,
    );
    expect(captured?.refunds ?? []).toHaveLength(1);
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: orders[1]!.id } })).status).toBe(
      "PARTIALLY_REFUNDED",
    );
  });

  it("when every retry is declined it expires and the regKey is expired at LINE Pay", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    const regKey = (await regKeys()).at(-1)?.regKey as string;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey },
      action: { type: "returnCode", returnCode: "1281" },
    });
    const due = (subscription.currentPeriodEnd as Date).getTime();
    for (const hours of [0, 24, 72, 120]) {
      clock.set(new Date(due + hours * 3600_000 + 1000));
      await renew(deps);
    }
    const ended = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
      omit: { regKeyCiphertext: false },
    });
    expect(ended.status).toBe("EXPIRED");
    expect(ended.liveKey).toBeNull();
    expect(ended.regKeyCiphertext).toBeNull();
    expect((await regKeys()).find((r) => r.regKey === regKey)?.state).toBe("EXPIRED");
    expect(
      await deps.db.chargeAttempt.count({
        where: { orderId: { startsWith: `SUB-${subscription.id}-1-` }, status: "DECLINED" },
      }),
    ).toBe(4);
  });

  it("a dead regKey asks for a new approval; re-binding pays the period and expires the old key only afterwards", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await subscribe(h, deps);
    const oldKey = (await regKeys()).at(-1)?.regKey as string;
    await fetch(`${h.sandbox.url}/__sandbox/regkeys/${oldKey}/expire`, { method: "POST" });
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    await renew(deps);
    expect(
      (await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status,
    ).toBe("NEEDS_REBIND");

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
    const rebound = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    expect(rebound.status).toBe("ACTIVE");
    expect(rebound.currentPeriodIndex).toBe(1);
    const period1 = await deps.db.billingPeriod.findUniqueOrThrow({
      where: { subscriptionId_periodIndex: { subscriptionId: subscription.id, periodIndex: 1 } },
    });
    expect(period1).toMatchObject({ status: "PAID", paidByOrderId: order.id });
    const newKey = (await h.ledger()).transactions.find(
      (t) => t.orderId === order.orderId,
    ) as unknown as { regKey: string };
    expect(newKey.regKey).not.toBe(oldKey);
    expect((await regKeys()).find((r) => r.regKey === newKey.regKey)?.state).not.toBe("EXPIRED");
  });

  it("a renewal whose response is lost is verified by orderId and never charged twice", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    const regKey = (await regKeys()).at(-1)?.regKey as string;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    await renew(deps);
    let now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(now.status).toBe("ACTIVE");
    expect(now.currentPeriodIndex).toBe(0);
    expect(
      await deps.db.chargeAttempt.findFirst({ where: { orderId: `SUB-${subscription.id}-1-1` } }),
    ).toMatchObject({ status: "UNKNOWN" });
    expect(
      await deps.db.order.findUnique({ where: { orderId: `SUB-${subscription.id}-1-1` } }),
    ).toMatchObject({ kind: "RENEWAL", status: "UNKNOWN" });
    expect(await chargesFor(subscription.id)).toHaveLength(1);
    clock.advance(6 * 60 * 1000);
    await renew(deps);
    now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(now.currentPeriodIndex).toBe(1);
    expect(
      await deps.db.chargeAttempt.findMany({
        where: { orderId: { startsWith: `SUB-${subscription.id}-1-` } },
      }),
    ).toMatchObject([{ status: "SUCCEEDED" }]);
    expect(await chargesFor(subscription.id)).toHaveLength(1);
    const order = await deps.db.order.findUniqueOrThrow({
      where: { orderId: `SUB-${subscription.id}-1-1` },
    });
    expect(order.status).toBe("PAID");
    const history = await deps.db.orderStatusChange.findMany({
      where: { orderId: order.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(history.map((c) => `${c.fromStatus}>${c.toStatus}`)).toEqual([
      "CONFIRMING>UNKNOWN",
      "UNKNOWN>PAID",
    ]);
  });

  it("a renewal answered 1197 (a payment on the regKey in progress) stays UNKNOWN, and is paid once when that payment was this charge", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    const regKey = (await regKeys()).at(-1)?.regKey as string;
    const orderId = `SUB-${subscription.id}-1-1`;
    // An earlier call of ours for this very charge is still being processed: it holds the regKey,
    // so the renewal's own call is answered 1197, and the earlier one then charges.
    const slow = h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey },
      action: { type: "delay", ms: 1500 },
      times: 1,
    });
    const earlier = deps.payments.gatewayFor("LINEPAY").payPreapproved(
      regKey,
      {
        orderId,
        productName: "VIP",
        amountMinor: subscription.amountMinor,
        currency: subscription.currency,
      },
      {},
    );
    // The rule is used up (and the regKey locked) as soon as the earlier call reaches the sandbox.
    while (h.sandbox.faults.list().some((rule) => rule.id === slow))
      await new Promise((resolve) => setTimeout(resolve, 10));
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    const run = await renew(deps);
    expect([run.unknown, run.declined]).toEqual([1, 0]);
    let now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect([now.status, now.currentPeriodIndex, now.graceUntil]).toEqual(["ACTIVE", 0, null]);
    expect(await deps.db.chargeAttempt.findFirst({ where: { orderId } })).toMatchObject({
      status: "UNKNOWN",
      returnCode: "1197",
    });
    expect(await deps.db.order.findUnique({ where: { orderId } })).toMatchObject({
      kind: "RENEWAL",
      status: "UNKNOWN",
    });
    await earlier;
    expect(await chargesFor(subscription.id)).toHaveLength(1);

    clock.advance(6 * 60 * 1000);
    await renew(deps);
    now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect([now.status, now.currentPeriodIndex]).toEqual(["ACTIVE", 1]);
    expect(
      await deps.db.chargeAttempt.findMany({
        where: { orderId: { startsWith: `SUB-${subscription.id}-1-` } },
      }),
    ).toMatchObject([{ orderId, status: "SUCCEEDED" }]);
    expect(await chargesFor(subscription.id)).toHaveLength(1);
    expect((await deps.db.order.findUniqueOrThrow({ where: { orderId } })).status).toBe("PAID");
  });

  it("a renewal answered 1197 that LINE Pay never charged is found uncharged by orderId and charged once, never declined", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    const regKey = (await regKeys()).at(-1)?.regKey as string;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey },
      action: { type: "returnCode", returnCode: "1197" },
      times: 1,
    });
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    const ranAt = clock.now().getTime();
    await renew(deps);
    let now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect([now.status, now.currentPeriodIndex, now.graceUntil]).toEqual(["ACTIVE", 0, null]);
    // Only a check by orderId comes next, after the policy's wait: no dunning retry is scheduled.
    expect(now.nextActionAt!.getTime() - ranAt).toBeGreaterThanOrEqual(5 * 60 * 1000);
    expect(now.nextActionAt!.getTime() - clock.now().getTime()).toBeLessThanOrEqual(5 * 60 * 1000);
    expect(
      await deps.db.chargeAttempt.findFirst({ where: { orderId: `SUB-${subscription.id}-1-1` } }),
    ).toMatchObject({ status: "UNKNOWN", returnCode: "1197" });
    expect(await chargesFor(subscription.id)).toHaveLength(0);

    clock.advance(6 * 60 * 1000);
    await renew(deps);
    now = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect([now.status, now.currentPeriodIndex]).toEqual(["ACTIVE", 1]);
    const attempts = await deps.db.chargeAttempt.findMany({
      where: { orderId: { startsWith: `SUB-${subscription.id}-1-` } },
      orderBy: { orderId: "asc" },
    });
    expect(attempts.map((a) => [a.orderId, a.status])).toEqual([
      [`SUB-${subscription.id}-1-1`, "NOT_CHARGED"],
      [`SUB-${subscription.id}-1-2`, "SUCCEEDED"],
    ]);
    expect(await chargesFor(subscription.id)).toHaveLength(1);
    const orders = await deps.db.order.findMany({
      where: { subscriptionId: subscription.id, kind: "RENEWAL" },
      orderBy: { orderId: "asc" },
    });
    expect(orders.map((o) => o.status)).toEqual(["FAILED", "PAID"]);
  });

  it("cancel at period end keeps access, can be resumed, and ends with the regKey expired", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, shopper } = await subscribe(h, deps);
    const regKey = (await regKeys()).at(-1)?.regKey as string;
    const ids = { userId: shopper.id, subscriptionId: subscription.id };
    expect((await cancelSubscription(deps, ids)).status).toBe("CANCELED");
    expect((await resumeSubscription(deps, ids)).status).toBe("ACTIVE");
    expect((await cancelSubscription(deps, ids)).status).toBe("CANCELED");
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    await expect(resumeSubscription(deps, ids)).rejects.toMatchObject({ status: 409 });
    await renew(deps);
    const ended = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(ended.status).toBe("EXPIRED");
    expect(await chargesFor(subscription.id)).toHaveLength(0);
    expect((await regKeys()).find((r) => r.regKey === regKey)?.state).toBe("EXPIRED");
    const changes = await deps.db.subscriptionStatusChange.findMany({
      where: { subscriptionId: subscription.id },
      orderBy: { createdAt: "asc" },
    });
    expect(changes.map((c) => c.toStatus)).toEqual([
      "ACTIVE",
      "CANCELED",
      "ACTIVE",
      "CANCELED",
      "EXPIRED",
    ]);
  });

  it("a shopper cannot manage another shopper's subscription", async () => {
    const deps = h.depsWith({});
    const { subscription } = await subscribe(h, deps);
    const stranger = await h.createShopper();
    await expect(
      cancelSubscription(deps, { userId: stranger.id, subscriptionId: subscription.id }),
    ).rejects.toMatchObject({ status: 404 });
    expect(
      (await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status,
    ).toBe("ACTIVE");
  });
});
