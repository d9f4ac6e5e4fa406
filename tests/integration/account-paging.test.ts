// The account page lists a shopper's orders a page at a time (newest first, an older page only when
// one exists) and a subscription's most recent periods; real databases, orders from real checkouts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKOUT_REUSE_WINDOW_MS } from "@/lib/billing/checkout-window";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { listOrdersForUser } from "@/lib/db/order-repository";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { movableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] account order pages", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("pages a shopper's orders newest first, each once, and says when an older page exists", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const shopper = await h.createShopper();
    const other = await h.createShopper();
    const started: string[] = [];
    for (let i = 0; i < 7; i++) {
      started.push((await startCheckout(deps, { userId: shopper.id, planCode: "vip-30" })).orderId);
      clock.advance(CHECKOUT_REUSE_WINDOW_MS + 1_000); // the next tap writes a new order
    }
    await startCheckout(deps, { userId: other.id, planCode: "vip-30" });

    const db = h.database.db;
    const page = (index: number) => listOrdersForUser(db, shopper.id, { index, size: 3 });
    const pages = [await page(0), await page(1), await page(2)];
    expect(pages.map((p) => p.orders.map((o) => o.orderId))).toEqual([
      started.slice(4).reverse(),
      started.slice(1, 4).reverse(),
      started.slice(0, 1),
    ]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect((await page(3)).orders).toEqual([]);
  });
});
