// Refunds of SinoPac orders are made by hand in SinoPac's merchant portal and recorded here, on
// both databases: a card order and an ATM order, paid through the QPay emulator over real HTTP,
// recorded partially then fully (nothing sent to SinoPac), with the same over-refund and
// double-submit rules as a LINE Pay refund, VIP taken back at the full refund, an audit trail and
// one refund receipt each. A LINE Pay order given the same "recorded by hand" input still goes
// to LINE Pay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordManualRefund, refundOrder } from "@/lib/admin/refund-order";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import {
  receiveCollectionNotification,
  settleCollectionToken,
} from "@/lib/checkout/settle-collection-token";
import { startCardCheckout } from "@/lib/checkout/start-card-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { startTransferCheckout } from "@/lib/checkout/start-transfer-checkout";
import { createSinoPacGateway } from "@/lib/payments/sinopac/sinopac-gateway";
import type { AppDeps } from "@/lib/server/app-deps";
import { createSinoPacClient } from "@/lib/sinopac";
import { startSinoPacSandbox, type SinoPacSandboxHandle } from "@/lib/sinopac-sandbox/server";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";
import { sinoPacTestShop } from "../helpers/sinopac-test-shop";

const SHOP = sinoPacTestShop("manual-refund-test-key01");
const ADMIN = { actor: "admin:test-admin", actorLabel: "admin@example.com" };
let keySeq = 0;
const newKey = () => `manual-refund-${Date.now()}-${++keySeq}`;

describe.each(PROVIDERS)("[%s] SinoPac refunds recorded by hand", (provider) => {
  let h: CheckoutHarness;
  let emulator: SinoPacSandboxHandle;
  let deps: AppDeps;

  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    emulator = await startSinoPacSandbox({
      shops: [SHOP],
      tickIntervalMs: 0,
      notifyBackendForCards: false,
      atmAutoPayAfterMs: null,
    });
    emulator.context.backendBlocked.value = true;
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

  const refundDeps = () => ({
    db: h.database.db,
    payments: h.deps.payments,
    now: () => new Date(),
  });
  const orderOf = (orderId: string) =>
    h.database.db.order.findUniqueOrThrow({ where: { orderId }, include: { entitlement: true } });

  async function paidCardOrder(planCode: string) {
    const shopper = await h.createShopper();
    const { orderId } = await startCardCheckout(deps, { userId: shopper.id, planCode });
    const response = await fetch(`${emulator.url}/__sandbox/card/pay`, {
      method: "POST",
      body: JSON.stringify({ orderNo: orderId }),
    });
    const { payToken } = (await response.json()) as { payToken: string };
    await settleCollectionToken(deps, { token: payToken, actor: "system:sinopac-return" });
    return orderOf(orderId);
  }

  async function paidTransferOrder(planCode: string) {
    const shopper = await h.createShopper();
    const { orderId } = await startTransferCheckout(deps, { userId: shopper.id, planCode });
    await fetch(`${emulator.url}/__sandbox/atm/pay`, {
      method: "POST",
      body: JSON.stringify({ orderNo: orderId }),
    });
    const token = emulator.store.deliveries.find((d) => d.orderNo === orderId)?.payToken ?? "";
    await receiveCollectionNotification(deps, { token, actor: "system:sinopac-notify" });
    return orderOf(orderId);
  }

  const record = (orderId: string, amountMinor: number, extra: Partial<{ key: string }> = {}) => ({
    merchantOrderId: orderId,
    amountMinor,
    reason: `Refunded in the portal (${amountMinor})`,
    idempotencyKey: extra.key ?? newKey(),
    portalReference: `QP-${amountMinor}`,
    ...ADMIN,
  });

  const cases = [
    { name: "card", pay: paidCardOrder, refundTo: "card" },
    { name: "ATM transfer", pay: paidTransferOrder, refundTo: "bank" },
  ] as const;

  it.each(cases)(
    "a $name order: partial then full, recorded by hand; order, VIP, audit and receipts follow",
    async ({ pay, refundTo }) => {
      const paid = await pay("vip-90"); // 750 TWD
      expect(paid).toMatchObject({ status: "PAID", provider: "SINOPAC" });
      const sinoPacCallsBefore = await h.database.db.paymentEvent.count({
        where: { orderId: paid.id },
      });

      const partial = await recordManualRefund(refundDeps(), record(paid.orderId, 250));
      expect(partial).toMatchObject({
        kind: "recorded",
        refund: { status: "SUCCEEDED", recordedManually: true, portalReference: "QP-250" },
      });
      let order = await orderOf(paid.orderId);
      expect([order.status, order.refundedMinor, order.refundPendingMinor]).toEqual([
        "PARTIALLY_REFUNDED",
        250,
        0,
      ]);
      expect(order.entitlement!.endsAt.getTime()).toBeGreaterThan(Date.now());

      const over = await recordManualRefund(refundDeps(), record(paid.orderId, 501));
      expect(over).toMatchObject({ kind: "refused", refusal: { code: "OVER_REFUND" } });

      const rest = await recordManualRefund(refundDeps(), record(paid.orderId, 500));
      expect(rest).toMatchObject({ kind: "recorded", refund: { status: "SUCCEEDED" } });
      order = await orderOf(paid.orderId);
      expect([order.status, order.refundedMinor, order.refundPendingMinor]).toEqual([
        "REFUNDED",
        750,
        0,
      ]);
      expect(order.entitlement!.endsAt.getTime()).toBeLessThanOrEqual(Date.now());

      // Nothing was sent to SinoPac: no new call recorded, the emulator's order is still just paid.
      expect(await h.database.db.paymentEvent.count({ where: { orderId: paid.id } })).toBe(
        sinoPacCallsBefore,
      );
      const rows = await h.database.db.refund.findMany({
        where: { orderId: paid.id },
        orderBy: { createdAt: "asc" },
      });
      expect(
        rows.map((r) => [r.amountMinor, r.status, r.recordedManually, r.portalReference]),
      ).toEqual([
        [250, "SUCCEEDED", true, "QP-250"],
        [500, "SUCCEEDED", true, "QP-500"],
      ]);
      expect(rows.every((r) => r.refundTransactionId === null)).toBe(true);

      const audit = await h.database.db.auditEntry.findMany({
        where: {
          targetType: "ORDER",
          targetId: paid.orderId,
          action: { startsWith: "order.refund" },
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      expect(audit.map((a) => [a.action, a.actor, a.actorLabel, a.reason])).toEqual([
        ["order.refund.requested", ADMIN.actor, ADMIN.actorLabel, "Refunded in the portal (250)"],
        ["order.refund.succeeded", ADMIN.actor, ADMIN.actorLabel, "Refunded in the portal (250)"],
        ["order.refund.requested", ADMIN.actor, ADMIN.actorLabel, "Refunded in the portal (500)"],
        ["order.refund.succeeded", ADMIN.actor, ADMIN.actorLabel, "Refunded in the portal (500)"],
      ]);
      expect(JSON.parse(audit[1]!.after ?? "{}")).toMatchObject({
        recordedManually: true,
        portalReference: "QP-250",
      });

      const notices = await h.database.db.notice.findMany({
        where: { orderId: paid.id, kind: "refund-receipt" },
      });
      expect(notices).toHaveLength(2);
      expect(notices.map((n) => JSON.parse(n.payload).refundTo)).toEqual([refundTo, refundTo]);
    },
  );

  it("a double submit of the same form records once; a replay after that changes nothing", async () => {
    const paid = await paidCardOrder("vip-30"); // 300 TWD
    const input = record(paid.orderId, 100);
    const both = await Promise.all([
      recordManualRefund(refundDeps(), input),
      recordManualRefund(refundDeps(), input),
    ]);
    expect(both.map((r) => r.kind).sort()).toEqual(["recorded", "replayed"]);
    await expect(recordManualRefund(refundDeps(), input)).resolves.toMatchObject({
      kind: "replayed",
      refund: { status: "SUCCEEDED" },
    });
    const order = await orderOf(paid.orderId);
    expect([order.status, order.refundedMinor, order.refundPendingMinor]).toEqual([
      "PARTIALLY_REFUNDED",
      100,
      0,
    ]);
    expect(await h.database.db.refund.count({ where: { orderId: paid.id } })).toBe(1);
    expect(
      await h.database.db.notice.count({ where: { orderId: paid.id, kind: "refund-receipt" } }),
    ).toBe(1);
  });

  it("a refund request that is not a record by hand is still refused for SinoPac: nothing sent or written", async () => {
    const paid = await paidCardOrder("vip-30");
    const { portalReference: _unused, ...plain } = record(paid.orderId, 100);
    await expect(refundOrder(refundDeps(), plain)).resolves.toMatchObject({
      kind: "refused",
      refusal: { code: "PROVIDER_MANUAL" },
    });
    const order = await orderOf(paid.orderId);
    expect([order.status, order.refundedMinor, order.refundPendingMinor]).toEqual(["PAID", 0, 0]);
    expect(await h.database.db.refund.count({ where: { orderId: paid.id } })).toBe(0);
  });

  it("a LINE Pay order given a record by hand still goes to LINE Pay", async () => {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode: "vip-30",
      preferAppUrl: false,
    });
    const pending = await h.database.db.order.findUniqueOrThrow({
      where: { orderId: started.orderId },
    });
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    const paid = await confirmCheckout(h.deps, back);
    const result = await recordManualRefund(refundDeps(), record(paid.orderId, 100));
    expect(result).toMatchObject({
      kind: "settled",
      refund: { status: "SUCCEEDED", recordedManually: false, portalReference: null },
    });
    const entry = (await h.ledger()).transactions.find(
      (t) => t.transactionId === pending.transactionId,
    );
    expect((entry?.refunds ?? []).map((r) => Math.abs((r as { amount: number }).amount))).toEqual([
      100,
    ]);
  });
});
