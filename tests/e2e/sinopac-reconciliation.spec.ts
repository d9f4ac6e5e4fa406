// Lost SinoPac orders (防止掉單) settled by the reconciliation cron route, in Chromium: a card paid
// on SinoPac's page whose tab was closed before the return, and an ATM transfer whose five
// BackendURL deliveries were all lost. Both end PAID with VIP, once.
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, signUp } from "./helpers";
import { E2E_CRON_SECRET, E2E_SINOPAC_URL } from "./stack-config";

const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };
const MINUTE = 60_000;

interface OrderRow {
  id: string;
  orderId: string;
  status: string;
}
const orderOf = (email: string) =>
  queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ? ORDER BY o.createdAt DESC`,
    email,
  )[0]!;

async function emulator(path: string, body: unknown = {}) {
  const response = await fetch(`${E2E_SINOPAC_URL}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function buy(page: Page, button: string) {
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: "VIP 30 days" })
    .getByRole("button", { name: button })
    .click();
}

async function reconcile(request: APIRequestContext) {
  const response = await request.post("/api/linepay/reconcile", { headers: auth });
  expect(response.status()).toBe(200);
}

test.afterEach(async ({ request }) => {
  await emulator("/__sandbox/backend", { blocked: false });
  await emulator("/__sandbox/clock", { reset: true });
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

test("a card paid with the tab closed is settled by the reconciliation job", async ({
  page,
  request,
}) => {
  const email = await signUp(page);
  await buy(page, "Pay by credit card");
  await expect(page).toHaveURL(/PayCard/);
  const order = orderOf(email);
  // Paid at SinoPac, but the browser never comes back to ReturnURL (and the emulator's optional
  // BackendURL call for cards is lost too, so only the job can find it).
  await emulator("/__sandbox/backend", { blocked: true });
  expect((await emulator("/__sandbox/card/pay", { orderNo: order.orderId })).json).toMatchObject({
    status: "S",
  });
  await page.close();
  expect(orderOf(email).status).toBe("PENDING");

  await request.post("/api/test-clock", { headers: auth, data: { advanceMs: 6 * MINUTE } });
  await reconcile(request);
  expect(orderOf(email).status).toBe("PAID");
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, order.id)).toHaveLength(1);
  await reconcile(request);
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, order.id)).toHaveLength(1);
});

test("an ATM transfer whose BackendURL deliveries all failed is settled by the reconciliation job", async ({
  page,
  request,
}) => {
  const email = await signUp(page);
  await buy(page, "Pay by bank transfer (ATM)");
  await expect(page.getByRole("heading", { name: "Waiting for your bank transfer" })).toBeVisible();
  const order = orderOf(email);
  await emulator("/__sandbox/backend", { blocked: true });
  await emulator("/__sandbox/atm/pay", { orderNo: order.orderId });
  for (let i = 0; i < 5; i += 1) await emulator("/__sandbox/clock", { advanceMs: 10 * MINUTE });
  const state = (await (await fetch(`${E2E_SINOPAC_URL}/__sandbox/state`)).json()) as {
    deliveries: { orderNo: string; state: string; attempts: unknown[] }[];
  };
  expect(state.deliveries.find((d) => d.orderNo === order.orderId)).toMatchObject({
    state: "gave_up",
    attempts: expect.arrayContaining([expect.anything()]),
  });
  expect(orderOf(email).status).toBe("PENDING");

  await reconcile(request);
  expect(orderOf(email).status).toBe("PAID");
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, order.id)).toHaveLength(1);
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
});
