// The back office's two-step money actions with JavaScript turned off: plain form posts rendered
// by the server. A refund is only sent on the second press, a refused one keeps the typed reason,
// and the database and LINE Pay's ledger agree with what the page says.
import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, sandboxLedger, signIn, signUp, startPurchase } from "./helpers";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };

async function buy(page: Page, planName: string) {
  await startPurchase(page, planName);
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
}

const refundsOf = (orderId: string) =>
  queryDb<{ amountMinor: number; status: string; reason: string }>(
    `SELECT r.amountMinor, r.status, r.reason FROM Refund r JOIN "Order" o ON o.id = r.orderId WHERE o.orderId = ? ORDER BY r.createdAt`,
    orderId,
  );

test("without JavaScript, a refund is reviewed then confirmed, and a refused one keeps its reason", async ({
  browser,
}) => {
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  const email = await signUp(shopper);
  await buy(shopper, "VIP 30 days");
  await shopperContext.close();
  const [order] = queryDb<{ orderId: string; transactionId: string }>(
    `SELECT o.orderId, o.transactionId FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`,
    email,
  );

  // Sign in with JavaScript, then act from a context that has none (same session cookie).
  const signInContext = await browser.newContext();
  await signIn(await signInContext.newPage(), ADMIN.email, ADMIN.password);
  const storageState = await signInContext.storageState();
  await signInContext.close();
  const context = await browser.newContext({ javaScriptEnabled: false, storageState });
  const page = await context.newPage();
  await page.goto(`/admin/orders/${order!.orderId}`);

  // Too much: reviewed, confirmed, refused by the rules; the typed amount and reason stay.
  const form = page.getByTestId("refund-form");
  await expect(form.getByLabel("Amount (TWD)")).toHaveValue("");
  await form.getByLabel("Amount (TWD)").fill("400");
  await form.getByLabel("Reason (kept in the audit log)").fill("Double charge reported");
  await form.getByRole("button", { name: "Review the refund" }).click();
  await expect(page.getByTestId("refund-confirm")).toContainText("Refund NT$400");
  expect(refundsOf(order!.orderId)).toEqual([]);
  await page.getByRole("button", { name: "Yes, refund NT$400" }).click();
  await expect(page.getByTestId("refund-result")).toContainText("more than is left to refund");
  await expect(form.getByLabel("Amount (TWD)")).toHaveValue("400");
  await expect(form.getByLabel("Reason (kept in the audit log)")).toHaveValue(
    "Double charge reported",
  );
  expect(refundsOf(order!.orderId)).toEqual([]);

  // A right amount: nothing moves on the review, the confirmation refunds exactly once.
  await form.getByLabel("Amount (TWD)").fill("100");
  await form.getByRole("button", { name: "Review the refund" }).click();
  await expect(page.getByTestId("refund-confirm")).toContainText("Reason: Double charge reported");
  expect(refundsOf(order!.orderId)).toEqual([]);
  await page.getByRole("button", { name: "Yes, refund NT$100" }).click();
  await expect(page.getByTestId("refund-result")).toContainText("Refunded");
  await expect(page.getByTestId("admin-order-status")).toHaveText("Partially refunded");
  expect(refundsOf(order!.orderId)).toEqual([
    { amountMinor: 100, status: "SUCCEEDED", reason: "Double charge reported" },
  ]);
  const ledgerEntry = (await sandboxLedger()).find(
    (t) => t.transactionId === order!.transactionId,
  ) as unknown as { refunds: { amount: number }[] };
  expect(ledgerEntry.refunds.map((r) => Math.abs(r.amount))).toEqual([100]);
  await context.close();
});
