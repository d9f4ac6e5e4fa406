// The shopper's one-time purchase, in Chromium, through the sandbox's LINE Pay payment page.
import { expect, test } from "./fixtures";
import { queryDb, sandboxLedger, signUp, startPurchase } from "./helpers";

interface OrderRow {
  id: string;
  orderId: string;
  status: string;
  transactionId: string;
  amountMinor: number;
}

test("sign up, buy VIP 30 days, approve on LINE Pay and see VIP granted", async ({ page }) => {
  const email = await signUp(page);
  await startPurchase(page, "VIP 30 days");
  await expect(page.getByText("NT$300").or(page.getByText("300 TWD")).first()).toBeVisible();
  await page.getByRole("button", { name: "Approve payment" }).click();

  await expect(page).toHaveURL(/\/checkout\/success\?orderId=/);
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await expect(page.getByTestId("order-amount")).toHaveText("NT$300");
  const shownTransactionId = (await page.getByTestId("transaction-id").textContent()) ?? "";
  await expect(page.getByTestId("vip-window")).toContainText("→");

  const [order] = queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o."userId" WHERE u.email = ?`,
    email,
  );
  expect(order?.status).toBe("PAID");
  expect(order?.transactionId).toBe(shownTransactionId);
  const ledgerEntry = (await sandboxLedger()).find((t) => t.orderId === order?.orderId);
  expect(ledgerEntry?.state).toBe("CAPTURED");
  // Digit for digit what the sandbox issued: a 19-digit id beyond JavaScript's safe integers.
  expect(order?.transactionId).toBe(ledgerEntry?.transactionId);
  expect(BigInt(order?.transactionId ?? "0") > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  expect(queryDb(`SELECT * FROM "Entitlement" WHERE "orderId" = ?`, order?.id)).toHaveLength(1);

  await page.goto("/account");
  await expect(page.getByTestId("account-vip-status")).toContainText("Active until");
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await expect(page.getByTestId("order-row").locator(".status")).toHaveText("Paid");
});

test("cancelling on the LINE Pay page lands on a cancel page that explains and offers a retry", async ({
  page,
}) => {
  const email = await signUp(page);
  await startPurchase(page, "VIP 90 days");
  await page.getByRole("button", { name: "Cancel" }).click();

  await expect(page).toHaveURL(/\/checkout\/cancel\?orderId=/);
  await expect(page.getByRole("heading", { name: "Payment cancelled" })).toBeVisible();
  await expect(page.getByText("Nothing was charged")).toBeVisible();
  const rows = queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o."userId" WHERE u.email = ?`,
    email,
  );
  expect(rows.map((r) => r.status)).toEqual(["CANCELED"]);
  expect(
    queryDb(
      `SELECT e.* FROM "Entitlement" e JOIN "User" u ON u.id = e."userId" WHERE u.email = ?`,
      email,
    ),
  ).toHaveLength(0);

  await page.getByRole("button", { name: "Try again with LINE Pay" }).click();
  await expect(page).toHaveURL(/\/web\/payment\/wait\?transactionReserveId=/);
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
});

test("opening the confirm URL again changes nothing: one charge, one VIP grant", async ({
  page,
}) => {
  const email = await signUp(page);
  await startPurchase(page);
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();

  const [order] = queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o."userId" WHERE u.email = ?`,
    email,
  );
  const confirmUrl = `/api/linepay/confirm?transactionId=${order?.transactionId}&orderId=${order?.orderId}`;
  for (let i = 0; i < 3; i++) {
    await page.goto(confirmUrl);
    await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  }
  expect(queryDb(`SELECT * FROM "Entitlement" WHERE "orderId" = ?`, order?.id)).toHaveLength(1);
  expect(
    queryDb(
      `SELECT * FROM "PaymentEvent" WHERE "orderId" = ? AND endpoint = 'confirmPayment'`,
      order?.id,
    ),
  ).toHaveLength(1);
  expect(queryDb<OrderRow>(`SELECT * FROM "Order" WHERE id = ?`, order?.id)[0]?.status).toBe(
    "PAID",
  );
});

test("a shopper cannot see another shopper's order", async ({ page, browser }) => {
  const ownerEmail = await signUp(page);
  await startPurchase(page);
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  const [order] = queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o."userId" WHERE u.email = ?`,
    ownerEmail,
  );

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUp(other);
  const response = await other.goto(`/orders/${order?.orderId}`);
  expect(response?.status()).toBe(404);
  await expect(other.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(other.getByText(order?.orderId ?? "missing")).toHaveCount(0);
  const success = await other.goto(`/checkout/success?orderId=${order?.orderId}`);
  expect(success?.status()).toBe(404);
  await otherContext.close();
});
