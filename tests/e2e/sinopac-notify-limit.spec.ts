// The BackendURL rate limit over HTTP: one source address past the limit gets a 429 with a reason
// and nothing is recorded, another address is not affected, and SinoPac's own pattern (a real
// transfer's token delivered again as the bank's retries would, beside a minute's burst of other
// payments' calls from the same address) is never refused and settles the order once.
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { queryDb, signUp } from "./helpers";
import { E2E_SINOPAC_URL } from "./stack-config";

const LIMIT = 300; // RATE_LIMITS.sinopacNotifyPerIp
const SHOP_NO = "NA0000_001";
const token = () => randomBytes(32).toString("hex");

/** Fixed one-minute windows: start a counted run early in one, so it cannot straddle two. */
async function atStartOfAWindow() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 30_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

test("past the limit one address gets 429 with a reason and nothing is recorded; others are not affected", async ({
  playwright,
  request,
}) => {
  test.setTimeout(120_000);
  await atStartOfAWindow();
  for (let sent = 0; sent < LIMIT; sent += 50) {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request
          .post("/api/sinopac/notify", { data: { ShopNo: SHOP_NO } }) // malformed: 400, counted
          .then((r) => r.status()),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([400]));
  }
  const refusedToken = token();
  const refused = await request.post("/api/sinopac/notify", {
    data: { ShopNo: SHOP_NO, PayToken: refusedToken },
  });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await refused.json()).toEqual({
    error: { code: "rate_limited", message: expect.stringMatching(/too many/i) },
  });
  expect(queryDb(`SELECT * FROM ProviderToken WHERE token = ?`, refusedToken)).toHaveLength(0);

  const elsewhere = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": "198.18.250.250" },
  });
  const otherToken = token();
  const allowed = await elsewhere.post("/api/sinopac/notify", {
    data: { ShopNo: SHOP_NO, PayToken: otherToken },
  });
  expect(allowed.status()).toBe(200);
  expect(queryDb(`SELECT * FROM ProviderToken WHERE token = ?`, otherToken)).toHaveLength(1);
  await elsewhere.dispose();
});

test("SinoPac's own pattern is never refused: a transfer's token again and again beside a minute's burst", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const email = await signUp(page);
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: "VIP 30 days" })
    .getByRole("button", { name: "Pay by bank transfer (ATM)" })
    .click();
  await expect(page).toHaveURL(/\/orders\/VIP-/);
  const [order] = queryDb<{ id: string; orderId: string }>(
    `SELECT o.id, o.orderId FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`,
    email,
  );
  const paid = await fetch(`${E2E_SINOPAC_URL}/__sandbox/atm/pay`, {
    method: "POST",
    body: JSON.stringify({ orderNo: order!.orderId }),
  });
  expect(paid.status).toBe(200);
  // The emulator delivers the BackendURL notification on its own, a moment after the transfer.
  const tokensOf = () =>
    queryDb<{ token: string }>(`SELECT token FROM ProviderToken WHERE orderId = ?`, order!.id);
  await expect.poll(() => tokensOf().length).toBe(1);
  const [delivered] = tokensOf();

  // The four retries SinoPac makes when acknowledgements are lost, and 60 other payments' calls,
  // all from one address within one window.
  await atStartOfAWindow();
  const calls = [
    ...Array.from({ length: 4 }, () => delivered!.token),
    ...Array.from({ length: 60 }, token),
  ].map((payToken) =>
    request.post("/api/sinopac/notify", { data: { ShopNo: SHOP_NO, PayToken: payToken } }),
  );
  const answers = await Promise.all(calls);
  expect(answers.map((a) => a.status())).toEqual(answers.map(() => 200));
  expect(await answers[0]!.json()).toEqual({ Status: "S" });

  expect(queryDb<{ status: string }>(`SELECT status FROM "Order" WHERE id = ?`, order!.id)).toEqual(
    [{ status: "PAID" }],
  );
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, order!.id)).toHaveLength(1);
  expect(
    queryDb(`SELECT * FROM OrderStatusChange WHERE orderId = ? AND toStatus = 'PAID'`, order!.id),
  ).toHaveLength(1);
  expect(queryDb(`SELECT * FROM ProviderToken WHERE token = ?`, delivered!.token)).toHaveLength(1);
});
