// Manual-capture plans against a real database (SQLite and Postgres) and the sandbox over HTTP:
// confirm only authorizes (no VIP, no money moved), an admin captures (VIP starts, sandbox
// CAPTURED) or voids (sandbox VOIDED), a second click changes nothing, and a lost confirm answer
// is settled as AUTHORIZED from payment details.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAuthorization, voidAuthorization } from "@/lib/admin/capture-or-void";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { verifyOrderPayment } from "@/lib/checkout/verify-order-payment";
import { findOrderView } from "@/lib/db/order-repository";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";

const WHO = { actor: "admin:test", actorLabel: "admin@example.com", reason: "Stock confirmed" };

describe.each(PROVIDERS)("[%s] authorizations: capture and void", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    await h.database.db.plan.create({
      data: {
        code: "vip-hold",
        name: "VIP 7 days (held)",
        description: "x",
        kind: "ONE_TIME",
        priceMinor: 120,
        currency: "TWD",
        durationDays: 7,
        captureMode: "MANUAL",
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const deps = () => h.deps;
  const ledgerState = async (transactionId: string) =>
    (await h.ledger()).transactions.find((t) => t.transactionId === transactionId)?.state;

  async function authorized() {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode: "vip-hold",
      preferAppUrl: false,
    });
    const pending = await h.database.db.order.findUniqueOrThrow({
      where: { orderId: started.orderId },
    });
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    const order = await confirmCheckout(h.deps, back);
    return order;
  }

  it("confirm only authorizes: no VIP and the sandbox holds the money uncaptured", async () => {
    const order = await authorized();
    expect(order.status).toBe("AUTHORIZED");
    expect(await ledgerState(order.transactionId!)).toBe("AUTHORIZED");
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(0);
    const request = await h.database.db.paymentEvent.findFirstOrThrow({
      where: { orderId: order.id, endpoint: "requestPayment" },
    });
    expect(JSON.parse(request.request).options).toEqual({ payment: { capture: false } });
  });

  it("capture moves the money, starts VIP, and a second capture changes nothing", async () => {
    const order = await authorized();
    const captured = await captureAuthorization(deps(), order.orderId, WHO);
    expect(captured.kind === "done" && captured.order.status).toBe("PAID");
    expect(await ledgerState(order.transactionId!)).toBe("CAPTURED");
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(1);
    const again = await captureAuthorization(deps(), order.orderId, WHO);
    expect(again).toEqual({ kind: "not_authorized", status: "PAID" });
    expect(
      await h.database.db.paymentEvent.count({
        where: { orderId: order.id, endpoint: "capturePayment" },
      }),
    ).toBe(1);
    const audit = await h.database.db.auditEntry.findFirstOrThrow({
      where: {
        targetId: order.orderId,
        action: "order.status",
        reason: { contains: "Captured by an admin" },
      },
    });
    expect(audit.actorLabel).toBe("admin@example.com");
  });

  it("void releases the money: VOIDED, nothing charged, and it can no longer be captured", async () => {
    const order = await authorized();
    const voided = await voidAuthorization(deps(), order.orderId, WHO);
    expect(voided.kind === "done" && voided.order.status).toBe("VOIDED");
    expect(await ledgerState(order.transactionId!)).toBe("VOIDED");
    expect(await captureAuthorization(deps(), order.orderId, WHO)).toEqual({
      kind: "not_authorized",
      status: "VOIDED",
    });
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("a capture LINE Pay refuses leaves the order AUTHORIZED; verification then follows LINE Pay", async () => {
    const order = await authorized();
    h.sandbox.faults.add({
      match: { endpoint: "capture", transactionId: order.transactionId! },
      action: { type: "returnCode", returnCode: "1179" },
      times: 1,
    });
    const refused = await captureAuthorization(deps(), order.orderId, WHO);
    expect(refused).toMatchObject({ kind: "refused", code: "1179" });
    expect((await findOrderView(h.database.db, order.orderId))?.status).toBe("AUTHORIZED");

    // The capture's answer is lost after LINE Pay captured: the order stays AUTHORIZED until verified.
    h.sandbox.faults.add({
      match: { endpoint: "capture", transactionId: order.transactionId! },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    expect((await captureAuthorization(deps(), order.orderId, WHO)).kind).toBe("unknown");
    const view = (await findOrderView(h.database.db, order.orderId))!;
    expect(view.status).toBe("AUTHORIZED");
    const settled = await verifyOrderPayment(h.deps, view, "admin:test");
    expect(settled.status).toBe("PAID");
    expect(await h.database.db.entitlement.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("a lost confirm answer on a manual-capture order is settled as AUTHORIZED, not PAID", async () => {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode: "vip-hold",
      preferAppUrl: false,
    });
    const pending = await h.database.db.order.findUniqueOrThrow({
      where: { orderId: started.orderId },
    });
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    h.sandbox.faults.add({
      match: { endpoint: "confirm", transactionId: pending.transactionId! },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    const order = await confirmCheckout(h.deps, back);
    expect(order.status).toBe("AUTHORIZED");
    expect(await ledgerState(pending.transactionId!)).toBe("AUTHORIZED");
    expect(await h.database.db.entitlement.count({ where: { orderId: pending.id } })).toBe(0);
  });
});
