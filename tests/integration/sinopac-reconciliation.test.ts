// The reconciliation job settles SinoPac orders against the QPay emulator over real HTTP, on both
// databases: a card paid whose tab was closed, a transfer whose BackendURL deliveries all failed,
// a token recorded while the bank was down, an account that expired, a card page left unpaid; an
// open account waits without ever being flagged, and a second run changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { settleCollectionToken } from "@/lib/checkout/settle-collection-token";
import { startCardCheckout } from "@/lib/checkout/start-card-checkout";
import { startTransferCheckout } from "@/lib/checkout/start-transfer-checkout";
import { recordProviderToken } from "@/lib/db/collection-repository";
import { createSinoPacGateway } from "@/lib/payments/sinopac/sinopac-gateway";
import type { ReconcileDeps } from "@/lib/reconciliation/check-open-order";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import type { AppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { createSinoPacClient } from "@/lib/sinopac";
import { startSinoPacSandbox, type SinoPacSandboxHandle } from "@/lib/sinopac-sandbox/server";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { DAY_MS, movableClock, type MovableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";
import { sinoPacTestShop } from "../helpers/sinopac-test-shop";

const SHOP = sinoPacTestShop("reconcile-test-key-id-01");
const MINUTE = 60_000;

describe.each(PROVIDERS)("[%s] SinoPac reconciliation", (provider) => {
  let h: CheckoutHarness;
  let clock: MovableClock;
  let emulator: SinoPacSandboxHandle;
  let deps: AppDeps;
  let reconcile: ReconcileDeps;

  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock();
    // One clock for the shop and the bank, moved by the test.
    emulator = await startSinoPacSandbox({
      shops: [SHOP],
      clock: () => clock.now(),
      tickIntervalMs: 0,
      atmAutoPayAfterMs: null,
      notifyBackendForCards: false,
    });
    const gateway = createSinoPacGateway({
      db: h.database.db,
      shopNo: SHOP.shopNo,
      now: clock.now,
      createClient: (onCall) =>
        createSinoPacClient({
          baseUrl: emulator.apiBaseUrl,
          shopNo: SHOP.shopNo,
          hashValues: SHOP.keys,
          keyId: SHOP.keyId,
          clock: clock.now,
          onCall,
        }),
    });
    deps = { ...h.depsWith({}, clock.now), collections: { SINOPAC: gateway } };
    reconcile = {
      checkout: deps,
      renewal: renewalDepsFrom(deps),
      schedule: DEFAULT_RECONCILE_SCHEDULE,
    };
  });
  afterAll(async () => {
    await emulator?.close();
    await h?.close();
  });
  beforeEach(async () => {
    clock.set(new Date());
    await fetch(`${emulator.url}/__sandbox/reset`, { method: "POST" });
    emulator.context.backendBlocked.value = true; // every BackendURL delivery is lost
  });

  const control = (path: string, body: unknown) =>
    fetch(`${emulator.url}${path}`, { method: "POST", body: JSON.stringify(body) });
  const orderOf = (orderId: string) =>
    h.database.db.order.findUniqueOrThrow({ where: { orderId }, include: { entitlement: true } });
  const runJob = () => runReconciliation(reconcile, { trigger: "test" });

  it("settles a card paid with the tab closed and a transfer whose notifications were all lost; a second run changes nothing", async () => {
    const shopper = await h.createShopper();
    const card = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    const transfer = await startTransferCheckout(deps, { userId: shopper.id, planCode: "vip-90" });
    await control("/__sandbox/card/pay", { orderNo: card.orderId });
    await control("/__sandbox/atm/pay", { orderNo: transfer.orderId });
    // Five deliveries, ten minutes apart on the bank's clock (the shop's clock), all lost.
    for (let i = 0; i < 5; i += 1) {
      await emulator.tick();
      clock.advance(10 * MINUTE);
    }
    expect(emulator.store.deliveries.find((d) => d.orderNo === transfer.orderId)?.state).toBe(
      "gave_up",
    );

    const summary = await runJob();
    expect(summary.settled).toBeGreaterThanOrEqual(2);
    for (const orderId of [card.orderId, transfer.orderId]) {
      const order = await orderOf(orderId);
      expect(order.status).toBe("PAID");
      expect(order.entitlement).not.toBeNull();
    }
    const changes = await h.database.db.orderStatusChange.count();
    await runJob();
    expect(await h.database.db.orderStatusChange.count()).toBe(changes);
    expect(await h.database.db.entitlement.count({ where: { userId: shopper.id } })).toBe(2);
  });

  it("a declined card order paid later on its page, every later notice lost and the bank unreachable for hours, is settled; an unpaid one is cleared once", async () => {
    const shopper = await h.createShopper();
    const later = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    const never = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-90" });
    for (const { orderId } of [later, never]) {
      const declined = (await (
        await control("/__sandbox/card/pay", { orderNo: orderId, pan: "4000220000000002" })
      ).json()) as { payToken: string };
      await settleCollectionToken(deps, { token: declined.payToken, actor: "system:test" });
      expect(await orderOf(orderId)).toMatchObject({ status: "FAILED" });
    }
    await control("/__sandbox/card/pay", { orderNo: later.orderId }); // the return never came
    await control("/__sandbox/faults", { service: "OrderQuery", action: "http500", times: 1000 });
    clock.advance(5 * 60 * MINUTE); // longer than the sweep's windows reach back
    await runJob();
    expect(await orderOf(later.orderId)).toMatchObject({ status: "FAILED" });
    await fetch(`${emulator.url}/__sandbox/faults`, { method: "DELETE" });

    await runJob();
    const paid = await orderOf(later.orderId);
    expect(paid).toMatchObject({ status: "PAID", failureCode: null });
    expect(paid.entitlement).not.toBeNull();
    expect(await orderOf(never.orderId)).toMatchObject({ status: "FAILED", reconcileChecks: 1 });
    const calls = await h.database.db.paymentEvent.count();
    await runJob();
    expect(await h.database.db.paymentEvent.count()).toBe(calls); // nothing left to ask about
  });

  it("settles a token recorded while the bank could not be asked", async () => {
    const shopper = await h.createShopper();
    const { orderId } = await startTransferCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-30",
    });
    await control("/__sandbox/atm/pay", { orderNo: orderId });
    const token = emulator.store.deliveries.find((d) => d.orderNo === orderId)?.payToken ?? "";
    await recordProviderToken(h.database.db, {
      provider: "SINOPAC",
      token,
      source: "NOTIFY",
      at: clock.now(),
    });
    await runJob();
    expect((await orderOf(orderId)).status).toBe("PAID");
    expect(await h.database.db.providerToken.findFirst({ where: { token } })).toMatchObject({
      outcome: "paid",
      settledAt: expect.any(Date),
    });
  });

  it("lets an open account wait unflagged, then expires it once SinoPac shows it expired", async () => {
    const shopper = await h.createShopper();
    const { orderId } = await startTransferCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-30",
    });
    for (let day = 0; day < 3; day += 1) {
      clock.advance(DAY_MS);
      await runJob();
      expect(await orderOf(orderId)).toMatchObject({
        status: "PENDING",
        reconcileChecks: 0,
        attentionSince: null,
      });
    }
    clock.advance(DAY_MS);
    await runJob();
    expect(await orderOf(orderId)).toMatchObject({ status: "EXPIRED", entitlement: null });
    // The account is closed at the bank too: a late transfer is refused there.
    expect((await control("/__sandbox/atm/pay", { orderNo: orderId })).status).toBe(409);
  });

  it("expires a card order whose page lapsed unpaid, and flags an order SinoPac does not know", async () => {
    const shopper = await h.createShopper();
    const card = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    clock.advance(31 * MINUTE);
    await runJob();
    expect(await orderOf(card.orderId)).toMatchObject({ status: "EXPIRED" });

    const lost = await startCardCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    emulator.store.orders.clear(); // the bank lost it (or it is another bank's)
    clock.advance(10 * MINUTE);
    await runJob();
    expect(await orderOf(lost.orderId)).toMatchObject({
      status: "PENDING",
      attentionReason: "SinoPac has no order with this number",
      attentionSince: expect.any(Date),
    });
  });
});
