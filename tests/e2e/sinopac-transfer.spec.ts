// ATM transfer purchase of a VIP pass through SinoPac (the local QPay emulator), in Chromium: the
// awaiting-transfer page, the emulator's transfer delivered to BackendURL starting VIP, an account
// that expires (reconciliation job), and forged BackendURL calls that change nothing.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, signUp } from "./helpers";
import { E2E_CRON_SECRET, E2E_SINOPAC_URL } from "./stack-config";

interface OrderRow {
  id: string;
  orderId: string;
  status: string;
  provider: string;
  providerAccount: string | null;
}
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };
const DAY = 86_400_000;

const orderOf = (email: string) =>
  queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ? ORDER BY o.createdAt DESC`,
    email,
  )[0];

async function emulator(path: string, body: unknown = {}) {
  const response = await fetch(`${E2E_SINOPAC_URL}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function startTransfer(page: Page, planName = "VIP 30 days") {
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: planName })
    .getByRole("button", { name: "Pay by bank transfer (ATM)" })
    .click();
  await expect(page).toHaveURL(/\/orders\/VIP-/);
  await expect(page.getByRole("heading", { name: "Waiting for your bank transfer" })).toBeVisible();
}

test.afterEach(async ({ request }) => {
  await emulator("/__sandbox/clock", { reset: true });
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

test("ATM: the account page, the emulator's transfer notified to BackendURL, VIP starts", async ({
  page,
}) => {
  const email = await signUp(page);
  await startTransfer(page);
  await expect(page.getByTestId("transfer-bank")).toHaveText("Bank SinoPac (bank code 807)");
  await expect(page.getByTestId("transfer-amount")).toHaveText("NT$300");
  const order = orderOf(email);
  expect(order).toMatchObject({
    status: "PENDING",
    provider: "SINOPAC",
    providerAccount: expect.stringMatching(/^\d{14}$/),
  });
  await expect(page.getByTestId("transfer-account")).toHaveText(
    order!.providerAccount!.replace(/(\d{4})(?=\d)/g, "$1 "),
  );
  await expect(page.getByTestId("transfer-deadline")).not.toBeEmpty();

  // The payer transfers; SinoPac calls BackendURL (our /api/sinopac/notify) at once.
  expect((await emulator("/__sandbox/atm/pay", { orderNo: order!.orderId })).status).toBe(200);
  const state = (await (await fetch(`${E2E_SINOPAC_URL}/__sandbox/state`)).json()) as {
    deliveries: { orderNo: string; state: string; attempts: unknown[] }[];
  };
  expect(state.deliveries.find((d) => d.orderNo === order!.orderId)).toMatchObject({
    state: "delivered",
    attempts: [expect.anything()],
  });
  expect(orderOf(email)?.status).toBe("PAID");
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, order!.id)).toHaveLength(1);
  // The notified token is recorded and handled for this order. Its outcome is "paid", or
  // "unchanged" when the waiting page's own status check asked SinoPac first and settled the
  // order a moment earlier (seen in CI): either way it is paid once.
  expect(
    queryDb(
      `SELECT * FROM ProviderToken WHERE orderId = ? AND source = 'NOTIFY' AND settledAt IS NOT NULL AND outcome IN ('paid', 'unchanged')`,
      order!.id,
    ),
  ).toHaveLength(1);

  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await expect(page.getByTestId("vip-window")).toContainText("→");
});

async function reconcile(request: APIRequestContext) {
  const response = await request.post("/api/linepay/reconcile", { headers: auth });
  expect(response.status()).toBe(200);
}

test("ATM: an account left unpaid past its deadline ends EXPIRED, nothing charged", async ({
  page,
  request,
}) => {
  const email = await signUp(page);
  await startTransfer(page, "VIP 90 days");
  const order = orderOf(email)!;
  await emulator("/__sandbox/clock", { advanceMs: 4 * DAY });
  expect(
    (
      await request.post("/api/test-clock", { headers: auth, data: { advanceMs: 4 * DAY } })
    ).status(),
  ).toBe(200);
  await reconcile(request);

  expect(orderOf(email)?.status).toBe("EXPIRED");
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, order.id)).toHaveLength(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Transfer deadline passed" })).toBeVisible();
  await expect(page.getByText("Nothing was charged")).toBeVisible();
  expect((await emulator("/__sandbox/atm/pay", { orderNo: order.orderId })).status).toBe(409);
});

test("a forged BackendURL call changes nothing", async ({ page, request }) => {
  const email = await signUp(page);
  await startTransfer(page);
  const order = orderOf(email)!;
  const changes = queryDb(`SELECT * FROM OrderStatusChange WHERE orderId = ?`, order.id).length;

  const forged = await request.post("/api/sinopac/notify", {
    data: { ShopNo: "NA0000_001", PayToken: randomBytes(32).toString("hex") },
  });
  expect(forged.status()).toBe(200); // recorded, then found not to be SinoPac's: nothing settled
  for (const data of [
    { ShopNo: "XX9999_999", PayToken: "a".repeat(64) },
    { PayToken: "a".repeat(64) },
    "ShopNo=NA0000_001&PayToken=x",
  ]) {
    const response = await request.post("/api/sinopac/notify", { data });
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({ Status: "F" });
  }
  expect(orderOf(email)?.status).toBe("PENDING");
  expect(queryDb(`SELECT * FROM OrderStatusChange WHERE orderId = ?`, order.id)).toHaveLength(
    changes,
  );
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, order.id)).toHaveLength(0);
});
