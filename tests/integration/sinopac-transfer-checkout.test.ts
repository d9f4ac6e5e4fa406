// ATM transfer purchase of a VIP pass through SinoPac, use cases against the QPay emulator over real
// HTTP, on both databases: a virtual account for the exact amount, BackendURL tokens recorded before
// they are acknowledged, VIP on the confirmed transfer, and idempotency against the bank's retries
// and a browser return racing the notification. Forged notifications change no order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  receiveCollectionNotification,
  receiveCollectionReturn,
} from "@/lib/checkout/settle-collection-token";
import { startTransferCheckout } from "@/lib/checkout/start-transfer-checkout";
import { createSinoPacGateway } from "@/lib/payments/sinopac/sinopac-gateway";
import type { AppDeps } from "@/lib/server/app-deps";
import { createSinoPacClient } from "@/lib/sinopac";
import { startSinoPacSandbox, type SinoPacSandboxHandle } from "@/lib/sinopac-sandbox/server";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";
import { sinoPacTestShop } from "../helpers/sinopac-test-shop";

const SHOP = sinoPacTestShop("transfer-checkout-test-key");

describe.each(PROVIDERS)("[%s] SinoPac transfer checkout", (provider) => {
  let h: CheckoutHarness;
  let emulator: SinoPacSandboxHandle;
  let deps: AppDeps;
  let sinoPacDown = false;

  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    // Deliveries go nowhere here: the test plays the BackendURL call itself with the real token.
    emulator = await startSinoPacSandbox({
      shops: [SHOP],
      tickIntervalMs: 0,
      atmAutoPayAfterMs: null,
    });
    emulator.context.backendBlocked.value = true;
    const gateway = createSinoPacGateway({
      db: h.database.db,
      shopNo: SHOP.shopNo,
      createClient: (onCall) =>
        createSinoPacClient({
          baseUrl: sinoPacDown ? "http://127.0.0.1:9" : emulator.apiBaseUrl,
          shopNo: SHOP.shopNo,
          hashValues: SHOP.keys,
          keyId: SHOP.keyId,
          timeoutMs: 2_000,
          onCall,
        }),
    });
    deps = { ...h.deps, collections: { SINOPAC: gateway } };
  });
  afterAll(async () => {
    await emulator?.close();
    await h?.close();
  });

  /** A transfer at the emulator; returns the PayToken it would deliver to BackendURL. */
  async function transfer(orderNo: string) {
    await fetch(`${emulator.url}/__sandbox/atm/pay`, {
      method: "POST",
      body: JSON.stringify({ orderNo }),
    });
    const delivery = emulator.store.deliveries.find((d) => d.orderNo === orderNo);
    return delivery?.payToken ?? "";
  }
  const orderOf = (orderId: string) =>
    h.database.db.order.findUniqueOrThrow({ where: { orderId }, include: { entitlement: true } });
  const notify = (token: string) =>
    receiveCollectionNotification(deps, { token, actor: "system:sinopac-notify" });

  it("opens a virtual account for the exact amount, held PENDING until the transfer", async () => {
    const shopper = await h.createShopper();
    const { orderId } = await startTransferCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-90",
    });
    const order = await orderOf(orderId);
    expect(order).toMatchObject({
      status: "PENDING",
      provider: "SINOPAC",
      amountMinor: 750,
      providerAccount: expect.stringMatching(/^\d{14}$/),
    });
    // The bank's deadline: 23:59:59 Taipei time of the day three days on.
    expect(order.payBy!.getTime() - Date.now()).toBeGreaterThan(3 * 86_400_000 - 120_000);
    expect(new Date(order.payBy!.getTime() + 8 * 3_600_000).toISOString().slice(11, 19)).toBe(
      "23:59:59",
    );
    expect(emulator.store.order(SHOP.shopNo, orderId)).toMatchObject({
      amount: 75000,
      payType: "A",
      atmPayNo: order.providerAccount,
    });
  });

  it("a notification is recorded, settled by OrderPayQuery into PAID + VIP; retries and a racing return change nothing", async () => {
    const shopper = await h.createShopper();
    const { orderId } = await startTransferCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-30",
    });
    const token = await transfer(orderId);
    const results = await Promise.all([
      notify(token),
      notify(token),
      receiveCollectionReturn(deps, { token, actor: "system:sinopac-return" }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["paid", "unchanged", "unchanged"]);
    const paid = await orderOf(orderId);
    expect(paid.status).toBe("PAID");
    expect(await h.database.db.entitlement.count({ where: { orderId: paid.id } })).toBe(1);
    expect(await h.database.db.providerToken.findMany({ where: { token } })).toEqual([
      expect.objectContaining({
        provider: "SINOPAC",
        orderId: paid.id,
        settledAt: expect.any(Date),
      }),
    ]);
    await expect(notify(token)).resolves.toMatchObject({ kind: "unchanged" });
  });

  it("records the token even when SinoPac cannot be asked; the order waits, nothing is lost", async () => {
    const shopper = await h.createShopper();
    const { orderId } = await startTransferCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-30",
    });
    const token = await transfer(orderId);
    sinoPacDown = true;
    try {
      await expect(notify(token)).resolves.toEqual({ kind: "recorded" });
    } finally {
      sinoPacDown = false;
    }
    expect(await h.database.db.providerToken.findFirst({ where: { token } })).toMatchObject({
      source: "NOTIFY",
      settledAt: null,
    });
    expect((await orderOf(orderId)).status).toBe("PENDING");
    await expect(notify(token)).resolves.toMatchObject({ kind: "paid" }); // the bank's retry
  });

  it("a forged notification settles nothing", async () => {
    const shopper = await h.createShopper();
    const { orderId } = await startTransferCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-30",
    });
    await expect(notify("0".repeat(64))).resolves.toEqual({ kind: "not_ours" });
    expect(await orderOf(orderId)).toMatchObject({ status: "PENDING", entitlement: null });
  });
});
