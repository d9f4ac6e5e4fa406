// The back office in Chromium: an admin finds a shopper's order with filters and search, refunds
// part of it and then the rest through the sandbox (each refund reviewed, then confirmed), and sees the LINE Pay calls and audit entries;
// shoppers and anonymous visitors are kept out of every admin page and route.
import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, sandboxLedger, signIn, signUp, startPurchase } from "./helpers";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };

async function buy(page: Page, planName: string) {
  await startPurchase(page, planName);
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
}

test("an admin filters and searches orders, refunds part then the rest, and sees events and audit entries", async ({
  browser,
}) => {
  // A shopper buys two passes.
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  const email = await signUp(shopper);
  await buy(shopper, "VIP 90 days");
  await buy(shopper, "VIP 30 days");
  const orders = queryDb<{ orderId: string; amountMinor: number; transactionId: string }>(
    `SELECT o."orderId", o."amountMinor", o."transactionId" FROM "Order" o JOIN "User" u ON u.id = o."userId" WHERE u.email = ? ORDER BY o."amountMinor" DESC`,
    email,
  );
  const big = orders[0]!;
  expect(big.amountMinor).toBe(750);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  // Admins reach the back office from the shop's header.
  await page.getByTestId("nav-admin").click();
  await expect(page).toHaveURL(/\/admin\/orders$/);

  // Filter: paid one-time orders, searched by the shopper's email; the view lives in the URL.
  const filters = page.getByRole("search", { name: "Filter orders" });
  await filters.getByLabel("Search").fill(email);
  await filters.getByLabel("Status").selectOption("PAID");
  await filters.getByLabel("Type").selectOption("one-time");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=PAID/);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(email).replace(/\./g, "\\.")}`));
  const rows = page.getByTestId("admin-order-row");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("orders-total-count")).toHaveText("2");
  await expect(page.getByTestId("orders-totals-TWD")).toContainText("NT$1,050");

  // The same URL shows the same view to anyone with access.
  const shared = page.url();
  await page.goto("/admin/orders");
  await page.goto(shared);
  await expect(rows).toHaveCount(2);

  // Search by the LINE Pay transaction id finds exactly that order; sorting by amount puts it first.
  await page.goto(`/admin/orders?q=${big.transactionId}`);
  await expect(rows).toHaveCount(1);
  await page.goto(`/admin/orders?q=${encodeURIComponent(email)}&sort=amount_asc`);
  await expect(rows.first()).toContainText("NT$300");

  // Open the 750 order and refund 250, then the rest.
  await page.goto(`/admin/orders?q=${encodeURIComponent(email)}&sort=amount_desc`);
  await rows.first().getByRole("link", { name: big.orderId }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(big.orderId);
  const refund = page.getByTestId("refund-form");
  // Nothing is filled in: the admin types the amount, reviews it, and only the confirmation refunds.
  await expect(refund.getByLabel("Amount (TWD)")).toHaveValue("");
  await refund.getByLabel("Amount (TWD)").fill("250");
  await refund.getByLabel("Reason (kept in the audit log)").fill("Goodwill for a late activation");
  await refund.getByRole("button", { name: "Review the refund" }).click();
  const confirm = page.getByTestId("refund-confirm");
  await expect(confirm).toContainText(`Refund NT$250 of order ${big.orderId}`);
  await expect(confirm).toContainText("Reason: Goodwill for a late activation");
  const refundCount = () =>
    queryDb<{ n: number }>(
      `SELECT count(*) AS n FROM "Refund" r JOIN "Order" o ON o.id = r."orderId" WHERE o."orderId" = ?`,
      big.orderId,
    )[0]!.n;
  expect(refundCount()).toBe(0);
  // "Change" goes back to the form with what was typed.
  await confirm.getByRole("button", { name: "Change" }).click();
  await expect(refund.getByLabel("Amount (TWD)")).toHaveValue("250");
  await expect(refund.getByLabel("Reason (kept in the audit log)")).toHaveValue(
    "Goodwill for a late activation",
  );
  await refund.getByRole("button", { name: "Review the refund" }).click();
  await confirm.getByRole("button", { name: "Yes, refund NT$250" }).click();
  await expect(page.getByTestId("refund-result")).toContainText("Refunded");
  expect(refundCount()).toBe(1);
  await expect(page.getByTestId("admin-order-status")).toHaveText("Partially refunded");
  await expect(page.getByTestId("order-refunded")).toHaveText("NT$250");
  // The shopper reads it in words, with the amount that came back (no status code).
  await shopper.goto(`/orders/${big.orderId}`);
  await expect(shopper.getByTestId("order-status")).toHaveText("Partly refunded (NT$250 back)");
  await shopperContext.close();

  const rest = page.getByTestId("refund-form");
  await expect(rest.getByLabel("Amount (TWD)")).toHaveValue("");
  await expect(rest.getByLabel("Amount (TWD)")).toHaveAttribute("placeholder", "Up to NT$500");
  await rest.getByLabel("Amount (TWD)").fill("500");
  await rest.getByLabel("Reason (kept in the audit log)").fill("Shopper cancelled");
  await rest.getByRole("button", { name: "Review the refund" }).click();
  await page.getByRole("button", { name: "Yes, refund NT$500" }).click();
  await expect(page.getByTestId("admin-order-status")).toHaveText("Refunded");
  await expect(page.getByTestId("order-refunded")).toHaveText("NT$750");
  await expect(page.getByTestId("refund-unavailable")).toBeVisible();
  await expect(page.getByTestId("order-refund-row")).toHaveCount(2);

  // The sandbox agrees: two refunds, 250 and 500.
  const ledgerEntry = (await sandboxLedger()).find(
    (t) => t.transactionId === big.transactionId,
  ) as unknown as { refunds: { amount: number }[] };
  expect(ledgerEntry.refunds.map((r) => Math.abs(r.amount)).sort((a, b) => a - b)).toEqual([
    250, 500,
  ]);

  // The timeline shows the LINE Pay calls, the audit log who refunded and why.
  const events = page.getByTestId("payment-event");
  await expect(events.filter({ hasText: "refundPayment" })).toHaveCount(2);
  await expect(events.filter({ hasText: "confirmPayment" })).toHaveCount(1);
  const audit = page.getByTestId("audit-entry");
  await expect(audit.filter({ hasText: "order.refund.succeeded" })).toHaveCount(2);
  await expect(audit.filter({ hasText: "Goodwill for a late activation" }).first()).toContainText(
    ADMIN.email,
  );

  // LINE Pay's own record, fetched on demand, lists both refunds.
  await page.getByRole("button", { name: "Fetch payment details from LINE Pay" }).click();
  await expect(page.getByTestId("line-record")).toContainText("PARTIAL_REFUND");

  // The audit log page filters by action.
  await page.goto("/admin/audit?action=order.refund.succeeded");
  await expect(page.getByTestId("audit-entry").filter({ hasText: big.orderId })).toHaveCount(2);

  const refunds = queryDb<{ amountMinor: number; status: string }>(
    `SELECT r."amountMinor", r.status FROM "Refund" r JOIN "Order" o ON o.id = r."orderId" WHERE o."orderId" = ? ORDER BY r."createdAt"`,
    big.orderId,
  );
  expect(refunds).toEqual([
    { amountMinor: 250, status: "SUCCEEDED" },
    { amountMinor: 500, status: "SUCCEEDED" },
  ]);
  await context.close();
});

test("an over-refund is refused on the page and nothing reaches LINE Pay", async ({ browser }) => {
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  const email = await signUp(shopper);
  await buy(shopper, "VIP 30 days");
  const [order] = queryDb<{ orderId: string; transactionId: string }>(
    `SELECT o."orderId", o."transactionId" FROM "Order" o JOIN "User" u ON u.id = o."userId" WHERE u.email = ?`,
    email,
  );

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/admin/orders/${order!.orderId}`);
  const refund = page.getByTestId("refund-form");
  await refund.getByLabel("Amount (TWD)").fill("301");
  await refund.getByLabel("Reason (kept in the audit log)").fill("Too much");
  await refund.getByRole("button", { name: "Review the refund" }).click();
  await page.getByRole("button", { name: "Yes, refund NT$301" }).click();
  await expect(page.getByTestId("refund-result")).toContainText(
    "more than is left to refund (NT$300)",
  );
  // The refusal keeps what was typed, the reason included.
  await expect(refund.getByLabel("Amount (TWD)")).toHaveValue("301");
  await expect(refund.getByLabel("Reason (kept in the audit log)")).toHaveValue("Too much");
  expect(
    queryDb<{ n: number }>(
      `SELECT count(*) AS n FROM "Refund" r JOIN "Order" o ON o.id = r."orderId" WHERE o."orderId" = ?`,
      order!.orderId,
    )[0]!.n,
  ).toBe(0);
  await expect(page.getByTestId("admin-order-status")).toHaveText("Paid");
  const ledgerEntry = (await sandboxLedger()).find(
    (t) => t.transactionId === order!.transactionId,
  ) as unknown as { refunds: unknown[] };
  expect(ledgerEntry.refunds).toHaveLength(0);
  await context.close();
});

test("the CSV export streams the filtered orders with progress", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/orders?status=PAID");
  const total = Number(await page.getByTestId("orders-total-count").first().textContent());
  expect(total).toBeGreaterThan(0);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: /Export CSV/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (
    await file.createReadStream()
  )
    .toArray()
    .then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = text.trim().split("\n");
  expect(lines[0]).toBe(
    "orderId,createdAt,paidAt,type,status,currency,amount,refunded,transactionId,shopperEmail,plan,provider",
  );
  expect(lines).toHaveLength(total + 1);
  expect(lines.slice(1).every((line) => line.includes(",PAID,TWD,"))).toBe(true);
  await expect(page.getByTestId("export-status")).toContainText(`Exported ${total} rows`);
});

test("shoppers get a 403 page and anonymous visitors the sign-in page, on every admin page and route", async ({
  page,
  request,
}) => {
  for (const path of [
    "/admin",
    "/admin/orders",
    "/admin/orders/VIP-20260101-0000000000000000",
    "/admin/attention",
    "/admin/audit",
  ]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  }
  expect((await request.get("/api/admin/orders/export")).status()).toBe(401);

  await signUp(page);
  for (const path of ["/admin", "/admin/orders", "/admin/attention", "/admin/audit"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Access denied");
  }
  const exportResponse = await page.request.get("/api/admin/orders/export");
  expect(exportResponse.status()).toBe(403);
});
