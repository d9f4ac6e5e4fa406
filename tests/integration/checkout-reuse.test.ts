// A second tap on "Buy" within LINE Pay's payment window hands back the shopper's open order
// (same orderId, same payment page) instead of writing another PENDING order; taps at the same
// moment write one order; a finished or too old order is not reused. Real databases, real sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHECKOUT_REUSE_WINDOW_MS } from "@/lib/billing/checkout-window";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { AppDeps } from "@/lib/server/app-deps";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { movableClock, type MovableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] checkout reuse", (provider) => {
  let h: CheckoutHarness;
  let clock: MovableClock;
  let deps: AppDeps;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock();
    deps = h.depsWith({}, clock.now);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => clock.set(new Date()));

  const db = () => h.database.db;
  const tap = (userId: string, planCode = "vip-30") => startCheckout(deps, { userId, planCode });
  const ordersOf = (userId: string) => db().order.findMany({ where: { userId } });
  async function sandboxRequestsFor(orderIds: string[]) {
    return (await h.ledger()).transactions.filter((t) => orderIds.includes(t.orderId)).length;
  }

  it("hands back the open order and its payment page on a second tap", async () => {
    const shopper = await h.createShopper();
    const first = await tap(shopper.id);
    clock.advance(10 * 60_000);
    const second = await tap(shopper.id);
    expect(second).toEqual(first);
    const orders = await ordersOf(shopper.id);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.paymentUrl).toBe(first.redirectUrl);
    expect(await sandboxRequestsFor([first.orderId])).toBe(1);
  });

  it("writes one order for taps at the same moment", async () => {
    const shopper = await h.createShopper();
    const results = await Promise.all([1, 2, 3, 4].map(() => tap(shopper.id)));
    const orders = await ordersOf(shopper.id);
    expect(orders).toHaveLength(1);
    expect(new Set(results.map((r) => r.orderId))).toEqual(new Set([orders[0]?.orderId]));
    expect(new Set(results.map((r) => r.redirectUrl))).toEqual(new Set([orders[0]?.paymentUrl]));
    expect(await sandboxRequestsFor([orders[0]!.orderId])).toBe(1);
  });

  it("writes a new order once the open one is past the window, and keeps the old one's page", async () => {
    const shopper = await h.createShopper();
    const first = await tap(shopper.id);
    clock.advance(CHECKOUT_REUSE_WINDOW_MS + 1);
    const second = await tap(shopper.id);
    expect(second.orderId).not.toBe(first.orderId);
    const orders = await ordersOf(shopper.id);
    expect(orders).toHaveLength(2);
    const old = orders.find((o) => o.orderId === first.orderId);
    expect(old?.status).toBe("PENDING"); // reconciliation closes it when LINE Pay's 20 minutes end
    expect(old?.paymentUrl).toBe(first.redirectUrl);
    expect(old?.checkoutKey).toBeNull();
    // And the new one is reused in turn.
    expect((await tap(shopper.id)).orderId).toBe(second.orderId);
  });

  it("writes a new order after the open one was cancelled, and one per plan", async () => {
    const shopper = await h.createShopper();
    const first = await tap(shopper.id);
    const order = await db().order.findUniqueOrThrow({ where: { orderId: first.orderId } });
    const back = redirectParams(
      (await h.shopperAction(order.transactionId!, "cancel")).redirectUrl,
    );
    await cancelCheckout(deps, back);
    const second = await tap(shopper.id);
    expect(second.orderId).not.toBe(first.orderId);
    const other = await tap(shopper.id, "vip-90");
    expect(other.orderId).not.toBe(second.orderId);
    expect(await ordersOf(shopper.id)).toHaveLength(3);
  });

  it("does not hand back an order whose payment page never came (answer lost, 1172)", async () => {
    const shopper = await h.createShopper();
    h.sandbox.faults.add({
      match: { endpoint: "request" },
      action: { type: "returnCode", returnCode: "1172" },
      times: 1,
    });
    await expect(tap(shopper.id)).rejects.toMatchObject({ status: 502 });
    const [stuck] = await ordersOf(shopper.id);
    expect(stuck).toMatchObject({ status: "PENDING", paymentUrl: null });
    clock.advance(60_000);
    const next = await tap(shopper.id);
    expect(next.orderId).not.toBe(stuck?.orderId);
    expect(next.redirectUrl).toMatch(/^http/);
    expect(await ordersOf(shopper.id)).toHaveLength(2);
  });

  it("starts one subscription and one order for taps at the same moment, and reuses it after", async () => {
    const shopper = await h.createShopper();
    const results = await Promise.all([1, 2, 3].map(() => tap(shopper.id, "vip-monthly")));
    const orders = await ordersOf(shopper.id);
    expect(orders).toHaveLength(1);
    expect(new Set(results.map((r) => r.orderId))).toEqual(new Set([orders[0]?.orderId]));
    expect(await db().subscription.count({ where: { userId: shopper.id } })).toBe(1);
    clock.advance(5 * 60_000);
    expect((await tap(shopper.id, "vip-monthly")).orderId).toBe(orders[0]?.orderId);
    expect(await ordersOf(shopper.id)).toHaveLength(1);
  });
});
