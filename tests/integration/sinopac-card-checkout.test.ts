// Card purchase of a VIP pass through SinoPac, use cases against the QPay emulator over real HTTP,
// on both databases: start -> hosted page -> token -> OrderPayQuery decides -> PAID + one
// entitlement. Declined, replayed, forged and another order's tokens change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { settleCollectionToken } from "@/lib/checkout/settle-collection-token";
import { startCardCheckout } from "@/lib/checkout/start-card-checkout";
import { createSinoPacGateway } from "@/lib/payments/sinopac/sinopac-gateway";
import type { AppDeps } from "@/lib/server/app-deps";
import { createSinoPacClient } from "@/lib/sinopac";
import { startSinoPacSandbox, type SinoPacSandboxHandle } from "@/lib/sinopac-sandbox/server";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";
import { sinoPacTestShop } from "../helpers/sinopac-test-shop";

const SHOP = sinoPacTestShop("card-checkout-test-key-01");

describe.each(PROVIDERS)("[%s] SinoPac card checkout", (provider) => {
  let h: CheckoutHarness;
  let emulator: SinoPacSandboxHandle;
  let deps: AppDeps;

  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    emulator = await startSinoPacSandbox({
      shops: [SHOP],
      tickIntervalMs: 0,
      notifyBackendForCards: false,
    });
    const gateway = createSinoPacGateway({
      db: h.database.db,
      shopNo: SHOP.shopNo,
      createClient: (onCall) =>
        createSinoPacClient({
          baseUrl: emulator.apiBaseUrl,
          shopNo: SHOP.shopNo,
          hashValues: SHOP.keys,
          keyId: SHOP.keyId,
          onCall,
        }),
    });
    deps = { ...h.deps, collections: { SINOPAC: gateway } };
  });
  afterAll(async () => {
    await emulator?.close();
    await h?.close();
  });

  async function pay(orderNo: string, pan?: string) {
    const response = await fetch(`${emulator.url}/__sandbox/card/pay`, {
      method: "POST",
      body: JSON.stringify({ orderNo, pan }),
    });
    return ((await response.json()) as { payToken: string }).payToken;
  }
  const settle = (token: string) =>
    settleCollectionToken(deps, { token, actor: "system:sinopac-return" });
  const orderOf = (orderId: string) =>
    h.database.db.order.findUniqueOrThrow({ where: { orderId }, include: { entitlement: true } });

  it("approved: PAID with one entitlement; a replay of the same token changes nothing", async () => {
    const shopper = await h.createShopper();
    const started = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    expect(started.redirectUrl).toContain(`${emulator.url}/QPay.WebPaySite/Bridge/PayCard?TD=`);
    const before = await orderOf(started.orderId);
    expect(before).toMatchObject({
      status: "PENDING",
      provider: "SINOPAC",
      amountMinor: 300,
      transactionId: expect.stringMatching(/^NA0000\d{8}$/),
      paymentUrl: started.redirectUrl,
    });

    const token = await pay(started.orderId);
    await expect(settle(token)).resolves.toMatchObject({ kind: "paid", order: { status: "PAID" } });
    const paid = await orderOf(started.orderId);
    expect(paid.entitlement?.userId).toBe(shopper.id);
    expect(paid.entitlement!.endsAt.getTime() - paid.entitlement!.startsAt.getTime()).toBe(
      30 * 86_400_000,
    );

    const changesBefore = await h.database.db.orderStatusChange.count({
      where: { orderId: paid.id },
    });
    await expect(settle(token)).resolves.toMatchObject({ kind: "unchanged" });
    expect(await h.database.db.entitlement.count({ where: { orderId: paid.id } })).toBe(1);
    expect(await h.database.db.orderStatusChange.count({ where: { orderId: paid.id } })).toBe(
      changesBefore,
    );
  });

  it("a refund of a SinoPac order is refused as manual: nothing sent, nothing reserved or recorded", async () => {
    const shopper = await h.createShopper();
    const started = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    await settle(await pay(started.orderId));
    const result = await refundOrder(deps, {
      merchantOrderId: started.orderId,
      amountMinor: 100,
      reason: "customer asked",
      idempotencyKey: `refund-${started.orderId}`,
      actor: "admin:test",
      actorLabel: "admin@example.com",
    });
    expect(result).toMatchObject({ kind: "refused", refusal: { code: "PROVIDER_MANUAL" } });
    const order = await orderOf(started.orderId);
    expect(order).toMatchObject({ status: "PAID", refundedMinor: 0, refundPendingMinor: 0 });
    expect(await h.database.db.refund.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("declined: the order ends FAILED at once, nothing granted; a replay changes nothing", async () => {
    const shopper = await h.createShopper();
    const started = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-90" });
    const token = await pay(started.orderId, "4000220000000002");
    await expect(settle(token)).resolves.toMatchObject({
      kind: "declined",
      order: { status: "FAILED" },
    });
    const failed = await orderOf(started.orderId);
    expect(failed).toMatchObject({
      status: "FAILED",
      failureCode: "CARD_DECLINED",
      failureMessage: "The bank declined the card. Nothing was charged.",
      entitlement: null,
    });
    const changes = await h.database.db.orderStatusChange.findMany({
      where: { orderId: failed.id },
    });
    expect(changes).toEqual([
      expect.objectContaining({
        fromStatus: "PENDING",
        toStatus: "FAILED",
        actor: "system:sinopac-return",
      }),
    ]);
    await expect(settle(token)).resolves.toMatchObject({ kind: "unchanged" });
    expect(await h.database.db.orderStatusChange.count({ where: { orderId: failed.id } })).toBe(1);
    expect(await h.database.db.notice.count({ where: { userId: shopper.id } })).toBe(0);
  });

  it("declined, then paid on the same card page after all: the money is not lost (PAID, one VIP)", async () => {
    const shopper = await h.createShopper();
    const started = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    await settle(await pay(started.orderId, "4000220000000002"));
    expect(await orderOf(started.orderId)).toMatchObject({ status: "FAILED" });
    await expect(settle(await pay(started.orderId))).resolves.toMatchObject({ kind: "paid" });
    const paid = await orderOf(started.orderId);
    expect(paid).toMatchObject({ status: "PAID", failureCode: null, failureMessage: null });
    expect(await h.database.db.entitlement.count({ where: { orderId: paid.id } })).toBe(1);
    const moves = await h.database.db.orderStatusChange.findMany({ where: { orderId: paid.id } });
    expect(moves.map((m) => `${m.fromStatus}>${m.toStatus}`).sort()).toEqual(
      ["PENDING>FAILED", "FAILED>CONFIRMING", "CONFIRMING>PAID"].sort(),
    );
  });

  it("forged tokens and another shopper's token touch only what the bank says", async () => {
    const shopper = await h.createShopper();
    const started = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    await expect(settle("f".repeat(64))).resolves.toEqual({ kind: "not_ours" });
    await expect(settle("not a token")).resolves.toEqual({ kind: "not_ours" });
    expect(await orderOf(started.orderId)).toMatchObject({ status: "PENDING", entitlement: null });

    // A bank order that is not ours at all (made straight at the bank) is not ours to settle.
    const stranger = createSinoPacClient({
      baseUrl: emulator.apiBaseUrl,
      shopNo: SHOP.shopNo,
      hashValues: SHOP.keys,
      keyId: SHOP.keyId,
    });
    await stranger.createCardOrder({
      orderNo: "STRANGER1",
      amountTwd: 300,
      productName: "x",
      returnUrl: "http://127.0.0.1:9/r",
    });
    await expect(settle(await pay("STRANGER1"))).resolves.toEqual({ kind: "not_ours" });
    expect(await orderOf(started.orderId)).toMatchObject({ status: "PENDING" });
  });

  it("refuses subscriptions (LINE Pay only) and fails the order cleanly when the bank is unreachable", async () => {
    const shopper = await h.createShopper();
    await expect(
      startCardCheckout(deps, { userId: shopper.id, planCode: "vip-monthly" }),
    ).rejects.toMatchObject({ status: 400 });
    await fetch(`${emulator.url}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ service: "OrderCreate", action: "http500" }),
    });
    await expect(
      startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" }),
    ).rejects.toMatchObject({ status: 502 });
    const failed = await h.database.db.order.findFirstOrThrow({ where: { userId: shopper.id } });
    expect(failed).toMatchObject({ status: "FAILED", provider: "SINOPAC", transactionId: null });
  });
});
