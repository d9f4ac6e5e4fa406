// The receipt a shopper opens from the email: what was bought, the period it paid for, the
// provider's reference and the refunds since; nothing for an order that took no money.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { findReceipt } from "@/lib/db/receipt-repository";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { movableClock, renew, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] receipts", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a pass: its VIP window, LINE Pay reference and a refund; none before it is paid", async () => {
    const deps = h.deps;
    const shopper = await h.createShopper();
    const started = await startCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    expect(await findReceipt(deps.db, started.orderId)).toBeNull();
    const order = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    await confirmCheckout(deps, back);
    const entitlement = await deps.db.entitlement.findUniqueOrThrow({
      where: { orderId: order.id },
    });
    expect(await findReceipt(deps.db, order.orderId)).toMatchObject({
      orderId: order.orderId,
      userId: shopper.id,
      kind: "ONE_TIME",
      planCode: "vip-30",
      amountMinor: 300,
      currency: "TWD",
      provider: "LINEPAY",
      providerReference: order.transactionId,
      period: { startsAt: entitlement.startsAt, endsAt: entitlement.endsAt },
      refunds: [],
    });
    const refund = await refundOrder(
      { db: deps.db, payments: deps.payments, now: deps.now },
      {
        merchantOrderId: order.orderId,
        amountMinor: 100,
        reason: "Goodwill",
        idempotencyKey: `receipt-refund-${order.id}`,
        actor: "admin:test",
        actorLabel: "admin@example.com",
      },
    );
    if (refund.kind !== "settled") throw new Error(refund.kind);
    const after = await findReceipt(deps.db, order.orderId);
    expect(after).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedMinor: 100 });
    expect(after?.refunds).toEqual([
      {
        amountMinor: 100,
        settledAt: expect.any(Date),
        reference: refund.refund.refundTransactionId,
      },
    ]);
  });

  it("a subscription's first period and its renewal each show the period they paid", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, order } = await subscribe(h, deps);
    expect((await findReceipt(deps.db, order.orderId))?.period).toEqual({
      startsAt: subscription.currentPeriodStart,
      endsAt: subscription.currentPeriodEnd,
    });
    clock.set(new Date((subscription.currentPeriodEnd as Date).getTime() + 1000));
    await renew(deps);
    const renewal = await deps.db.order.findFirstOrThrow({
      where: { subscriptionId: subscription.id, kind: "RENEWAL" },
    });
    const renewed = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    expect(await findReceipt(deps.db, renewal.orderId)).toMatchObject({
      kind: "RENEWAL",
      providerReference: renewal.transactionId,
      period: { startsAt: renewed.currentPeriodStart, endsAt: renewed.currentPeriodEnd },
    });
  });
});
