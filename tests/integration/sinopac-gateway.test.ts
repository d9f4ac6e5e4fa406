// The SinoPac adapter against the QPay emulator over real HTTP, on both databases: app money in,
// provider states out, errors as PaymentGatewayError, and every call in the PaymentEvent log
// against its order, with nothing secret in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import type { CollectionGateway } from "@/lib/payments/collection-gateway";
import { createSinoPacGateway } from "@/lib/payments/sinopac/sinopac-gateway";
import { createSinoPacClient } from "@/lib/sinopac";
import { startSinoPacSandbox, type SinoPacSandboxHandle } from "@/lib/sinopac-sandbox/server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";
import { sinoPacTestShop } from "../helpers/sinopac-test-shop";

const SHOP = sinoPacTestShop("gateway-test-key-id-0001");
const urls = { returnUrl: "http://127.0.0.1:9/return", notifyUrl: "http://127.0.0.1:9/notify" };

describe.each(PROVIDERS)("[%s] SinoPac gateway", (provider) => {
  let database: TestDatabase;
  let emulator: SinoPacSandboxHandle;
  let gateway: CollectionGateway;
  let orderRowId: string;
  let seq = 0;
  const orderId = () => `GW${provider[0]}${Date.now().toString(36)}${(seq += 1)}0`;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    emulator = await startSinoPacSandbox({
      shops: [SHOP],
      tickIntervalMs: 0,
      atmAutoPayAfterMs: null,
    });
    gateway = createSinoPacGateway({
      db: database.db,
      shopNo: SHOP.shopNo,
      now: () => emulator.clock.now(),
      createClient: (onCall) =>
        createSinoPacClient({
          baseUrl: emulator.apiBaseUrl,
          shopNo: SHOP.shopNo,
          hashValues: SHOP.keys,
          keyId: SHOP.keyId,
          clock: () => emulator.clock.now(),
          onCall,
        }),
    });
    const user = await database.db.user.create({ data: { email: `gw-${provider}@example.test` } });
    const plan = await database.db.plan.findFirstOrThrow();
    const order = await database.db.order.create({
      data: {
        orderId: "GW-ROW",
        userId: user.id,
        planId: plan.id,
        amountMinor: 499,
        currency: "TWD",
        provider: "SINOPAC",
      },
    });
    orderRowId = order.id;
  });
  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
  });

  it("starts a transfer, reads it as awaiting, then paid after the transfer, and logs every call", async () => {
    const id = orderId();
    const payBy = new Date(emulator.clock.now().getTime() + 86_400_000);
    const transfer = await gateway.startTransfer(
      { orderId: id, amountMinor: 499, currency: "TWD", productName: "VIP 30 天", ...urls, payBy },
      { orderRowId },
    );
    expect(transfer).toMatchObject({
      bankCode: "807",
      virtualAccount: expect.stringMatching(/^\d{14}$/),
    });
    // The bank's deadline: the end (23:59 Taipei) of the day asked for, never before it.
    expect(transfer.payBy.getTime()).toBeGreaterThanOrEqual(payBy.getTime());
    expect(new Date(transfer.payBy.getTime() + 8 * 3_600_000).toISOString().slice(11, 19)).toBe(
      "23:59:59",
    );
    await expect(gateway.lookupOrder(id, { orderRowId })).resolves.toEqual({
      kind: "awaiting",
      providerReference: transfer.providerReference,
    });
    await fetch(`${emulator.url}/__sandbox/atm/pay`, {
      method: "POST",
      body: JSON.stringify({ orderNo: id }),
    });
    await expect(gateway.lookupOrder(id, { orderRowId })).resolves.toMatchObject({
      kind: "paid",
      amountMinor: 499,
      currency: "TWD",
    });

    const events = await database.db.paymentEvent.findMany({
      where: { orderId: orderRowId },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.endpoint)).toEqual([
      "sinopac:OrderCreate",
      "sinopac:OrderQuery",
      "sinopac:OrderQuery",
    ]);
    expect(events[0]).toMatchObject({
      outcome: "SUCCESS",
      transactionId: transfer.providerReference,
      returnCode: "S0000",
    });
    expect(events[0]?.request).toContain('"Amount":49900');
    const logged = JSON.stringify(events);
    for (const secret of [
      SHOP.keyId,
      SHOP.keys.a1,
      SHOP.keys.b2,
      "8888888888888888FFFFFFFFFFFFFFFF",
    ])
      expect(logged).not.toContain(secret);
  });

  it("reads a card token through the provider: paid, or declined for a declined card", async () => {
    const id = orderId();
    const card = await gateway.startCardPayment(
      { orderId: id, amountMinor: 499, currency: "TWD", productName: "VIP", ...urls },
      { orderRowId },
    );
    const declined = (await (
      await fetch(`${emulator.url}/__sandbox/card/pay`, {
        method: "POST",
        body: JSON.stringify({ orderNo: id, pan: "4000220000000002" }),
      })
    ).json()) as { payToken: string };
    await expect(gateway.readToken(declined.payToken, { orderRowId })).resolves.toMatchObject({
      outcome: "declined",
      orderId: id,
    });
    const paid = (await (
      await fetch(`${emulator.url}/__sandbox/card/pay`, {
        method: "POST",
        body: JSON.stringify({ orderNo: id }),
      })
    ).json()) as { payToken: string };
    await expect(gateway.readToken(paid.payToken, { orderRowId })).resolves.toMatchObject({
      outcome: "paid",
      orderId: id,
      providerReference: card.providerReference,
      amountMinor: 499,
    });
  });

  it("turns provider failures into PaymentGatewayError (definitive refusal, unknown outcome)", async () => {
    await expect(gateway.readToken("f".repeat(64), { orderRowId })).rejects.toMatchObject({
      outcome: "definitive",
      code: "E9301",
    });
    await fetch(`${emulator.url}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ service: "OrderQuery", action: "bad_sign" }),
    });
    const error = await gateway.lookupOrder("X1", { orderRowId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentGatewayError);
    expect(error).toMatchObject({ outcome: "unknown" });
    await expect(
      gateway.startCardPayment(
        { orderId: orderId(), amountMinor: 5, currency: "USD", productName: "VIP", ...urls },
        {},
      ),
    ).rejects.toMatchObject({ outcome: "definitive" });
  });
});
