// The one-time purchase use cases against a real database (SQLite and Postgres) and the real
// sandbox over HTTP: order rows, status history, payment events and the sandbox's own ledger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { requestOrderPayment } from "@/lib/checkout/request-order-payment";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import { createPendingOrder } from "@/lib/db/order-repository";
import { findActivePlanByCode } from "@/lib/db/plan-repository";
import { checkOpenOrder } from "@/lib/reconciliation/check-open-order";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] one-time VIP purchase", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function buy(planCode = "vip-30") {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode,
      preferAppUrl: false,
    });
    const order = await h.database.db.order.findUniqueOrThrow({
      where: { orderId: started.orderId },
    });
    return { shopper, started, order };
  }

  it("writes a PENDING order with the sandbox's transactionId, digit for digit, and sends the shopper to the payment page", async () => {
    const { started, order } = await buy();
    expect(order.status).toBe("PENDING");
    expect(order.amountMinor).toBe(300);
    expect(order.currency).toBe("TWD");
    expect(started.redirectUrl).toBe(order.paymentUrl);
    expect(started.redirectUrl).toContain(
      `${h.sandbox.publicUrl}/web/payment/wait?transactionReserveId=`,
    );
    const ledger = await h.ledger();
    const entry = ledger.transactions.find((t) => t.orderId === order.orderId);
    expect(entry?.transactionId).toMatch(/^\d{19}$/);
    expect(order.transactionId).toBe(entry?.transactionId);
    expect(BigInt(order.transactionId ?? "0")).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it("keeps LINE Pay's app link beside the web page, never instead of it", async () => {
    const { started, order } = await buy();
    expect(started.redirectUrl).toBe(order.paymentUrl);
    expect(started.redirectUrl).toMatch(/^http/);
    expect(started.appUrl).toMatch(/^line:\/\/pay\/payment\//);
    expect(order.paymentUrlApp).toBe(started.appUrl);
  });

  it("confirms an approved payment once, marks it PAID and grants the VIP window", async () => {
    const { shopper, order } = await buy("vip-90");
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    expect(back).toEqual({ orderId: order.orderId, transactionId: order.transactionId });

    const paid = await confirmCheckout(h.deps, back);
    expect(paid.status).toBe("PAID");
    const entitlement = await h.database.db.entitlement.findUniqueOrThrow({
      where: { orderId: order.id },
    });
    expect(entitlement.userId).toBe(shopper.id);
    expect(entitlement.endsAt.getTime() - entitlement.startsAt.getTime()).toBe(
      90 * 24 * 3600 * 1000,
    );

    const ledger = await h.ledger();
    expect(ledger.transactions.find((t) => t.transactionId === order.transactionId)?.state).toBe(
      "CAPTURED",
    );
    const history = await h.database.db.orderStatusChange.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((c) => `${c.fromStatus}>${c.toStatus}`)).toEqual([
      "PENDING>CONFIRMING",
      "CONFIRMING>PAID",
    ]);
    const events = await h.database.db.paymentEvent.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.endpoint, e.returnCode, e.outcome])).toEqual([
      ["requestPayment", "0000", "SUCCESS"],
      ["confirmPayment", "0000", "SUCCESS"],
    ]);
    expect(events[1]?.request).toBe('{"amount":750,"currency":"TWD"}');
  });

  it("replaying the confirm URL confirms nothing twice and grants nothing twice", async () => {
    const { order } = await buy();
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    await confirmCheckout(h.deps, back);
    const replay = await confirmCheckout(h.deps, back);
    expect(replay.status).toBe("PAID");
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(1);
    expect(
      await h.database.db.paymentEvent.count({
        where: { orderId: order.id, endpoint: "confirmPayment" },
      }),
    ).toBe(1);
  });

  it("ten simultaneous hits on the confirm URL make one confirm call and one entitlement", async () => {
    const { order } = await buy();
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () => confirmCheckout(h.deps, back)),
    );
    expect(results.some((r) => r.status === "PAID")).toBe(true);
    expect(
      await h.database.db.paymentEvent.count({
        where: { orderId: order.id, endpoint: "confirmPayment" },
      }),
    ).toBe(1);
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(1);
    expect((await h.database.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe(
      "PAID",
    );
  });

  it("refuses a confirm whose transactionId does not match the order and changes nothing", async () => {
    const { order } = await buy();
    await h.shopperAction(order.transactionId as string, "approve");
    const forged = { orderId: order.orderId, transactionId: "2026010100000000001" };
    await expect(confirmCheckout(h.deps, forged)).rejects.toMatchObject({ status: 400 });
    await expect(
      confirmCheckout(h.deps, {
        orderId: "VIP-NOPE",
        transactionId: order.transactionId as string,
      }),
    ).rejects.toBeInstanceOf(CheckoutError);
    const after = await h.database.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(after.status).toBe("PENDING");
    expect(
      await h.database.db.paymentEvent.count({
        where: { orderId: order.id, endpoint: "confirmPayment" },
      }),
    ).toBe(0);
  });

  it("a confirm URL opened before approval fails definitively and charges nothing", async () => {
    const { order } = await buy();
    const failed = await confirmCheckout(h.deps, {
      orderId: order.orderId,
      transactionId: order.transactionId as string,
    });
    expect(failed.status).toBe("FAILED");
    expect(failed.failureCode).toBe("1169");
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("cancelling on the payment page closes the order as CANCELED and grants nothing", async () => {
    const { order } = await buy();
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "cancel")).redirectUrl,
    );
    const canceled = await cancelCheckout(h.deps, back);
    expect(canceled.status).toBe("CANCELED");
    // A confirm replayed after cancelling must not revive the order.
    expect((await confirmCheckout(h.deps, back)).status).toBe("CANCELED");
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("a forged cancel link cannot cancel an order the shopper is still paying", async () => {
    const { order } = await buy();
    // LINE Pay says the reservation is still waiting for the shopper: nothing changes.
    const waiting = await cancelCheckout(h.deps, {
      orderId: order.orderId,
      transactionId: order.transactionId,
    });
    expect(waiting.status).toBe("PENDING");
    // The shopper approves; a stale cancel link opened now must not stop the purchase either.
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    expect(
      (await cancelCheckout(h.deps, { orderId: order.orderId, transactionId: null })).status,
    ).toBe("PENDING");
    expect((await confirmCheckout(h.deps, back)).status).toBe("PAID");
  });

  it("a confirm whose response is lost is settled through payment details, not charged again", async () => {
    const { order } = await buy();
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    // The confirm reaches LINE Pay and the money moves, but the response never arrives.
    const dropConfirmResponse: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).endsWith("/confirm"))
        throw new TypeError("socket hang up");
      return response;
    };
    const settled = await confirmCheckout(h.depsWith({ fetch: dropConfirmResponse }), back);
    expect(settled.status).toBe("PAID");
    const history = await h.database.db.orderStatusChange.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((c) => c.toStatus)).toEqual(["CONFIRMING", "UNKNOWN", "PAID"]);
    expect(
      await h.database.db.paymentEvent.count({
        where: { orderId: order.id, endpoint: "confirmPayment" },
      }),
    ).toBe(1);
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("refuses plans that do not exist and writes no order", async () => {
    const shopper = await h.createShopper();
    await expect(
      startCheckout(h.deps, { userId: shopper.id, planCode: "vip-9999", preferAppUrl: false }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await h.database.db.order.count({ where: { userId: shopper.id } })).toBe(0);
  });

  it("records a FAILED order, with nothing charged, when LINE Pay cannot be reached", async () => {
    const shopper = await h.createShopper();
    const unreachable: typeof fetch = async () => {
      throw new TypeError("connect ECONNREFUSED");
    };
    await expect(
      startCheckout(h.depsWith({ fetch: unreachable }), {
        userId: shopper.id,
        planCode: "vip-30",
        preferAppUrl: false,
      }),
    ).rejects.toMatchObject({ status: 502 });
    const order = await h.database.db.order.findFirstOrThrow({ where: { userId: shopper.id } });
    expect(order.status).toBe("FAILED");
    expect(order.transactionId).toBeNull();
  });

  it("a retried Request answered 1172 (our lost earlier request exists) leaves the order PENDING, not FAILED, and reconciliation expires it", async () => {
    const shopper = await h.createShopper();
    const plan = (await findActivePlanByCode(h.database.db, "vip-30"))!;
    const order = await createPendingOrder(h.database.db, {
      orderId: createMerchantOrderId(new Date()),
      userId: shopper.id,
      planId: plan.id,
      amountMinor: plan.priceMinor,
      currency: plan.currency,
      provider: "LINEPAY",
    });
    const product = { id: plan.code, name: plan.name, isPreapproved: false, preferAppUrl: false };
    // The first Request reaches LINE Pay but its answer is lost; the retry with the same orderId gets 1172.
    h.sandbox.faults.add({
      match: { endpoint: "request", orderId: order.orderId },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    const first = {
      orderId: order.orderId,
      amountMinor: 300,
      currency: "TWD",
      productId: plan.code,
      productName: plan.name,
      confirmUrl: "http://shop.test/api/linepay/confirm",
      cancelUrl: "http://shop.test/api/linepay/cancel",
    };
    await expect(
      h.deps.payments.gatewayFor("LINEPAY").requestPayment(first, { orderRowId: order.id }),
    ).rejects.toMatchObject({ outcome: "unknown" });
    await expect(requestOrderPayment(h.deps, order, product)).rejects.toMatchObject({
      status: 502,
    });

    const retried = await h.database.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect([retried.status, retried.transactionId, retried.failureCode]).toEqual([
      "PENDING",
      null,
      null,
    ]);
    const calls = await h.database.db.paymentEvent.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: "asc" },
    });
    expect(calls.map((e) => [e.endpoint, e.returnCode, e.outcome])).toEqual([
      ["requestPayment", null, "UNKNOWN"],
      ["requestPayment", "1172", "UNKNOWN"],
    ]);
    expect(
      (await h.ledger()).transactions
        .filter((t) => t.orderId === order.orderId)
        .map((t) => t.state),
    ).toEqual(["RESERVED"]);

    const reconcileDeps = {
      checkout: h.deps,
      renewal: renewalDepsFrom(h.deps),
      schedule: DEFAULT_RECONCILE_SCHEDULE,
    };
    expect(
      await checkOpenOrder(reconcileDeps, order.orderId, {
        actor: "system:reconcile",
        runnerId: "test",
      }),
    ).toMatchObject({ kind: "settled" });
    expect((await h.database.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe(
      "EXPIRED",
    );
  });
});
