// The back office for SinoPac orders in Chromium: the orders list filtered by how an order is paid
// (the view, its totals and its URL), and an order's page with SinoPac's details (card or ATM
// transfer, bank code 807 with the virtual account and deadline, TSNo, the PayTokens handed back),
// in English and Traditional Chinese, with none of the shop's keys anywhere on the page.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, setLocaleCookie, signIn, signUp } from "./helpers";
import { E2E_SINOPAC_URL } from "./stack-config";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };
// The local shop's hash values, HashID and X-KeyID (lib/cli/dev-env.ts): never shown.
const SECRETS = [
  "0011223344556677",
  "8899AABBCCDDEEFF",
  "0123456789ABCDEF",
  "FEDCBA9876543210",
  "8888888888888888FFFFFFFFFFFFFFFF",
  "00000000-0000-4000-8000-000000000000",
];

interface OrderRow {
  id: string;
  orderId: string;
  transactionId: string;
  providerAccount: string | null;
}

async function buy(page: Page, planName: string, button: string) {
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: planName })
    .getByRole("button", { name: button })
    .click();
}

test("an admin filters orders by SinoPac card or ATM and reads an order's SinoPac details, in both languages", async ({
  browser,
  page,
}) => {
  const email = await signUp(page);
  // A card paid on SinoPac's page, and an ATM transfer paid at the emulator (BackendURL delivered).
  await buy(page, "VIP 30 days", "Pay by credit card");
  for (const [i, part] of ["4000", "2211", "1111", "1111"].entries())
    await page.locator(`#CardNo${i + 1}`).fill(part);
  await page.locator("#ExpireMM").fill("12");
  await page.locator("#ExpireYY").fill("30");
  await page.locator("#CVV2").fill("123");
  await page.locator("#send").click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await buy(page, "VIP 90 days", "Pay by bank transfer (ATM)");
  await expect(page).toHaveURL(/\/orders\/VIP-/);
  const orders = queryDb<OrderRow>(
    `SELECT o.id, o.orderId, o.transactionId, o.providerAccount FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ? ORDER BY o.createdAt`,
    email,
  );
  const [card, atm] = orders;
  expect(card?.providerAccount).toBeNull();
  expect(atm?.providerAccount).toMatch(/^\d{14}$/);
  const paid = await fetch(`${E2E_SINOPAC_URL}/__sandbox/atm/pay`, {
    method: "POST",
    body: JSON.stringify({ orderNo: atm!.orderId }),
  });
  expect(paid.status).toBe(200);
  const [token] = queryDb<{ token: string }>(
    `SELECT token FROM ProviderToken WHERE orderId = ?`,
    atm!.id,
  );

  const context = await browser.newContext();
  const admin = await context.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto(`/admin/orders?q=${encodeURIComponent(email)}`);
  await expect(admin.getByTestId("admin-order-row")).toHaveCount(2);
  const filters = admin.getByRole("search", { name: "Filter orders" });
  await filters.getByLabel("Paid with").selectOption({ label: "SinoPac ATM transfer" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(admin).toHaveURL(/method=sinopac-atm/);
  await expect(admin.getByTestId("admin-order-row")).toHaveCount(1);
  await expect(admin.getByTestId("admin-order-row")).toContainText(atm!.orderId);
  await expect(admin.getByTestId("orders-totals-TWD").getByTestId("orders-total-count")).toHaveText(
    "1",
  );
  await admin.goto(`/admin/orders?q=${encodeURIComponent(email)}&method=sinopac-card`);
  await expect(admin.getByTestId("admin-order-row")).toHaveCount(1);
  await expect(admin.getByTestId("admin-order-row")).toContainText(card!.orderId);
  await admin.goto(`/admin/orders?q=${encodeURIComponent(email)}&method=linepay`);
  await expect(admin.getByTestId("admin-order-row")).toHaveCount(0);

  // The transfer's page: how it was paid and SinoPac's references.
  await admin.goto(`/admin/orders/${atm!.orderId}`);
  const details = admin.getByTestId("sinopac-details");
  await expect(details.getByRole("heading", { name: "SinoPac 豐收款" })).toBeVisible();
  await expect(details.getByTestId("sinopac-pay-type")).toHaveText(
    "ATM transfer to a virtual account (PayType A)",
  );
  await expect(details.getByTestId("sinopac-bank-code")).toHaveText("807");
  await expect(details.getByTestId("sinopac-account")).toHaveText(atm!.providerAccount!);
  await expect(details.getByTestId("sinopac-deadline")).not.toHaveText("—");
  await expect(details.getByTestId("sinopac-tsno")).toHaveText(atm!.transactionId);
  await expect(details.getByTestId("sinopac-tokens")).toContainText(token!.token);
  await expect(details.getByTestId("sinopac-tokens")).toContainText(
    "server notification (BackendURL) · paid",
  );
  for (const secret of SECRETS) expect(await admin.content()).not.toContain(secret);
  for (const width of [390, 1280]) {
    await admin.setViewportSize({ width, height: 900 });
    await details.screenshot({ path: test.info().outputPath(`sinopac-atm-en-${width}.png`) });
  }

  await admin.goto(`/admin/orders/${card!.orderId}`);
  await expect(details.getByTestId("sinopac-pay-type")).toHaveText("Credit card (PayType C)");
  await expect(details.getByTestId("sinopac-account")).toHaveCount(0);
  // SinoPac hands the card's PayToken to the browser (ReturnURL) and to the server (BackendURL) at
  // once; whichever reaches the shop first records it, and the page names that one.
  await expect(details.getByTestId("sinopac-tokens")).toContainText(
    /(browser return \(ReturnURL\)|server notification \(BackendURL\)) · paid/,
  );
  for (const secret of SECRETS) expect(await admin.content()).not.toContain(secret);

  // Traditional Chinese.
  await setLocaleCookie(context, "zh-TW");
  await admin.goto(`/admin/orders/${atm!.orderId}`);
  await expect(details.getByRole("heading", { name: "永豐銀行 豐收款" })).toBeVisible();
  await expect(details.getByTestId("sinopac-pay-type")).toHaveText(
    "ATM 轉帳至虛擬帳號（PayType A）",
  );
  await expect(details).toContainText("銀行代碼");
  for (const width of [390, 1280]) {
    await admin.setViewportSize({ width, height: 900 });
    await details.screenshot({ path: test.info().outputPath(`sinopac-atm-zh-${width}.png`) });
  }
  await admin.goto(`/admin/orders?method=sinopac-card`);
  await expect(admin.getByRole("search").getByLabel("付款方式")).toHaveValue("sinopac-card");
  await context.close();
});
