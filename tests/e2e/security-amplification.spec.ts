// LINE Pay's cancel redirect needs no session. Opened again and again by a script for an order that
// is still waiting for payment, it used to ask LINE Pay twice and log two rows per hit. Now one
// order is looked up once per window and the rest are answered from our own state, and one client
// gets 30 hits a minute, then a readable 429 page.
import { expect, test } from "./fixtures";
import { expectProblemRedirect, queryDb, signUp, startPurchase } from "./helpers";

async function startMinuteEarly(latestStartMs: number): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > latestStartMs)
    await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
}

test("repeated cancel links for an open order call LINE Pay once per window and are rate limited per client", async ({
  page,
  playwright,
  extraHTTPHeaders,
}) => {
  test.setTimeout(150_000);
  const email = await signUp(page);
  await startPurchase(page);
  const [order] = queryDb<{ id: string; orderId: string }>(
    `SELECT o.id, o.orderId FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`,
    email,
  );
  if (!order) throw new Error("no order");
  const events = () =>
    queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM PaymentEvent WHERE orderId = ?`, order.id)[0]
      ?.n ?? 0;
  const anonymous = await playwright.request.newContext({ extraHTTPHeaders });
  const cancel = () =>
    anonymous.get(`/api/linepay/cancel?orderId=${encodeURIComponent(order.orderId)}`, {
      maxRedirects: 0,
    });
  await startMinuteEarly(15_000);
  const before = events();
  expect((await cancel()).status()).toBe(303);
  const perLookup = events() - before;
  expect(perLookup).toBeGreaterThan(0);
  for (let i = 1; i < 30; i++) {
    const response = await cancel();
    expect(response.status()).toBe(303);
    expect(response.headers().location).toContain(`/orders/${order.orderId}`);
  }
  // 30 hits, at most two lookup windows (30 s each) begun: never one lookup per hit.
  expect(events() - before).toBeLessThanOrEqual(2 * perLookup);
  const limited = await cancel();
  expectProblemRedirect(limited, { topic: "cancel", reason: "rate_limited" });
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(queryDb<{ status: string }>(`SELECT status FROM "Order" WHERE id = ?`, order.id)).toEqual([
    { status: "PENDING" },
  ]);
  await anonymous.dispose();
});
