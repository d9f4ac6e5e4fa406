// Card purchase of a VIP pass through SinoPac's hosted card page (the local QPay emulator), in
// Chromium: approved, declined then approved, and forged or replayed ReturnURL posts that change
// nothing in the database.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectProblemRedirect, queryDb, signUp } from "./helpers";

interface OrderRow {
  id: string;
  orderId: string;
  status: string;
  provider: string;
  transactionId: string | null;
  failureCode: string | null;
}

const APPROVED = "4000221111111111";
const DECLINED = "4000220000000002";

function ordersOf(email: string): OrderRow[] {
  return queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o."userId" WHERE u.email = ? ORDER BY o."createdAt"`,
    email,
  );
}
const entitlementsOf = (orderRowId: string | undefined) =>
  queryDb(`SELECT * FROM "Entitlement" WHERE "orderId" = ?`, orderRowId);
const statusChangesOf = (orderRowId: string | undefined) =>
  queryDb(`SELECT * FROM "OrderStatusChange" WHERE "orderId" = ?`, orderRowId).length;

async function startCardPurchase(page: Page, planName = "VIP 30 days") {
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: planName })
    .getByRole("button", { name: "Pay by credit card" })
    .click();
  await expect(page).toHaveURL(/\/QPay\.WebPaySite\/Bridge\/PayCard\?TD=/);
}

/** Fills SinoPac's card page (its own field ids) and submits; returns the PayToken posted back. */
async function payByCard(page: Page, pan: string): Promise<string> {
  for (const [i, part] of (pan.match(/.{4}/g) ?? []).entries())
    await page.locator(`#CardNo${i + 1}`).fill(part);
  await page.locator("#ExpireMM").fill("12");
  await page.locator("#ExpireYY").fill("30");
  await page.locator("#CVV2").fill("123");
  const posted = page.waitForRequest((r) => r.url().endsWith("/api/sinopac/return"));
  await page.locator("#send").click();
  const request = await posted;
  expect(request.headers()["content-type"]).toContain("application/x-www-form-urlencoded");
  return new URLSearchParams(request.postData() ?? "").get("PayToken") ?? "";
}

test("card approved on SinoPac's page: the success page, VIP granted, one entitlement", async ({
  page,
}) => {
  const email = await signUp(page);
  await startCardPurchase(page);
  await expect(page.getByText("NT$ 300")).toBeVisible();
  const token = await payByCard(page, APPROVED);

  await expect(page).toHaveURL(/\/checkout\/success\?orderId=/);
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await expect(page.getByTestId("vip-window")).toContainText("→");
  const [order] = ordersOf(email);
  expect(order).toMatchObject({ status: "PAID", provider: "SINOPAC" });
  expect(order?.transactionId).toMatch(/^NA0000\d{8}$/);
  expect(entitlementsOf(order?.id)).toHaveLength(1);

  // The same post again (a replay, from anywhere) changes nothing.
  const changes = statusChangesOf(order?.id);
  const replay = await page.request.post("/api/sinopac/return", {
    form: { ShopNo: "NA0000_001", PayToken: token },
    headers: { Origin: "http://evil.example" },
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(303);
  expect(statusChangesOf(order?.id)).toBe(changes);
  expect(entitlementsOf(order?.id)).toHaveLength(1);

  await page.goto("/account");
  await expect(page.getByTestId("account-vip-status")).toContainText("Active until");
});

test("card declined: the order ends FAILED at once, the page says so, nothing charged; trying again is a new order that pays", async ({
  page,
}) => {
  const email = await signUp(page);
  await startCardPurchase(page, "VIP 90 days");
  await payByCard(page, DECLINED);

  await expect(page).toHaveURL(/\/orders\/.+\?result=declined/);
  await expect(page.getByRole("heading", { name: "Your card was declined" })).toBeVisible();
  await expect(page.getByText("Nothing was charged")).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "FAILED");
  const [declined] = ordersOf(email);
  expect(declined).toMatchObject({ status: "FAILED", failureCode: "CARD_DECLINED" });
  expect(entitlementsOf(declined?.id)).toHaveLength(0);
  // Without the result flag (a reload from the account page) it still says why.
  await page.goto(`/orders/${declined!.orderId}`);
  await expect(page.getByRole("heading", { name: "Your card was declined" })).toBeVisible();

  await page.getByRole("button", { name: "Try the card payment again" }).click();
  await expect(page).toHaveURL(/\/QPay\.WebPaySite\/Bridge\/PayCard\?TD=/);
  await payByCard(page, APPROVED);
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  expect(ordersOf(email).map((o) => o.status)).toEqual(["FAILED", "PAID"]);
});

test("a forged ReturnURL post changes nothing", async ({ page }) => {
  const email = await signUp(page);
  await startCardPurchase(page);
  const [order] = ordersOf(email);
  const changes = statusChangesOf(order?.id);

  for (const form of [
    { ShopNo: "NA0000_001", PayToken: randomBytes(32).toString("hex") },
    { ShopNo: "XX9999_999", PayToken: randomBytes(32).toString("hex") },
    { ShopNo: "NA0000_001", PayToken: "' OR 1=1 --" },
  ]) {
    const response = await page.request.post("/api/sinopac/return", { form, maxRedirects: 0 });
    expectProblemRedirect(response, { topic: "confirm", reason: "payment_not_ours" });
  }
  const json = await page.request.post("/api/sinopac/return", {
    data: { ShopNo: "NA0000_001", PayToken: "a".repeat(64) },
    maxRedirects: 0,
  });
  expectProblemRedirect(json, { topic: "confirm", reason: "payment_not_ours" });
  // The page it lands on says nothing was changed, in the shop's layout.
  await page.goto("/problem?topic=confirm&reason=payment_not_ours");
  await expect(page.getByTestId("problem")).toContainText("nothing was changed");

  expect(ordersOf(email)).toEqual([expect.objectContaining({ status: "PENDING" })]);
  expect(statusChangesOf(order?.id)).toBe(changes);
  expect(entitlementsOf(order?.id)).toHaveLength(0);
});
