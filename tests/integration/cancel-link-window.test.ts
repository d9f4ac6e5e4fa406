// The cancel redirect needs no session, so a script can open it for an order still waiting for
// payment as often as it likes. On real SQLite and Postgres with the sandbox over HTTP: within the
// window LINE Pay is asked about one order once, however many hits arrive (at once or one after
// another), and a real cancellation after the window still closes the order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { PAYMENT_EVENTS_PAGE_SIZE, findAdminOrderDetail } from "@/lib/db/admin-order-detail";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { withCancelLookupWindow } from "@/lib/security/cancel-lookup-window";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] repeated cancel links", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("asks LINE Pay about an open order once per window, and still closes it when the shopper really cancels", async () => {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode: "vip-30",
      preferAppUrl: false,
    });
    const order = await h.database.db.order.findUniqueOrThrow({
      where: { orderId: started.orderId },
    });
    const events = () => h.database.db.paymentEvent.count({ where: { orderId: order.id } });
    const afterRequest = await events();
    const t0 = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000);
    const cancelAt = (at: Date, transactionId: string | null = order.transactionId) =>
      cancelCheckout(
        { ...h.deps, payments: withCancelLookupWindow(h.deps.payments, h.database.db, at) },
        { orderId: order.orderId, transactionId },
      );

    const first = await cancelAt(t0);
    expect(first.status).toBe("PENDING");
    const perLookup = (await events()) - afterRequest;
    expect(perLookup).toBeGreaterThan(0);
    // 40 more hits in the same window, half of them at once: answered from our own state.
    const burst = await Promise.all(Array.from({ length: 20 }, () => cancelAt(t0)));
    for (let i = 0; i < 20; i++) await cancelAt(new Date(t0.getTime() + 20_000), null);
    expect(burst.every((o) => o.status === "PENDING")).toBe(true);
    expect(await events()).toBe(afterRequest + perLookup);

    // The shopper cancels on the payment page; LINE Pay's redirect after the window closes the order.
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "cancel")).redirectUrl,
    );
    const later = new Date(t0.getTime() + RATE_LIMITS.cancelLookupPerOrder.windowMs);
    expect(
      (
        await cancelCheckout(
          { ...h.deps, payments: withCancelLookupWindow(h.deps.payments, h.database.db, later) },
          back,
        )
      ).status,
    ).toBe("CANCELED");
    const afterCancel = await events();
    expect(afterCancel).toBe(afterRequest + 2 * perLookup);
    // A closed order is answered from its row: no LINE Pay call at all.
    for (let i = 0; i < 5; i++) expect((await cancelAt(later)).status).toBe("CANCELED");
    expect(await events()).toBe(afterCancel);
  });

  it("pages the order's LINE Pay calls on the admin order page instead of loading them all", async () => {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode: "vip-30",
      preferAppUrl: false,
    });
    const order = await h.database.db.order.findUniqueOrThrow({
      where: { orderId: started.orderId },
    });
    const existing = await h.database.db.paymentEvent.count({ where: { orderId: order.id } });
    const base = Date.now() + 86_400_000; // after the real calls above
    await h.database.db.paymentEvent.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        orderId: order.id,
        endpoint: "paymentDetails",
        method: "GET",
        apiPath: `/v3/payments?n=${i}`,
        outcome: "SUCCESS" as const,
        latencyMs: 1,
        request: "{}",
        createdAt: new Date(base + i * 1000),
      })),
    });
    const total = existing + 120;
    const pageCount = Math.ceil(total / PAYMENT_EVENTS_PAGE_SIZE);
    const first = await findAdminOrderDetail(h.database.db, order.orderId);
    expect(first?.paymentEvents).toHaveLength(PAYMENT_EVENTS_PAGE_SIZE);
    expect(first?.paymentEventPage).toEqual({
      page: 1,
      pageCount,
      total,
      pageSize: PAYMENT_EVENTS_PAGE_SIZE,
    });
    const second = await findAdminOrderDetail(h.database.db, order.orderId, { eventsPage: 2 });
    expect(second?.paymentEvents[0]?.apiPath).toBe(
      `/v3/payments?n=${PAYMENT_EVENTS_PAGE_SIZE - existing}`,
    );
    // A page past the end shows the last one.
    const past = await findAdminOrderDetail(h.database.db, order.orderId, { eventsPage: 99 });
    expect(past?.paymentEventPage.page).toBe(pageCount);
    expect(past?.paymentEvents).toHaveLength(total - (pageCount - 1) * PAYMENT_EVENTS_PAGE_SIZE);
    expect(past?.paymentEvents.at(-1)?.apiPath).toBe("/v3/payments?n=119");
  });
});
