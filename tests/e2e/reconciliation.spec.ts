// The reconciliation job end to end: the cron route settles a shopper who approved and closed the
// tab, backs off while LINE Pay cannot be asked, flags the order on the admin's "needs attention"
// page, and "verify now" settles it there once LINE Pay answers again.
import { type APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, sandboxLedger, signIn, signUp, startPurchase, TEST_PASSWORD } from "./helpers";
import { E2E_CRON_SECRET, E2E_SANDBOX_URL } from "./stack-config";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };
const MINUTE = 60_000;
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

interface OrderRow {
  id: string;
  orderId: string;
  status: string;
  transactionId: string;
  reconcileChecks: number;
  reconcileAfter: string | null;
  attentionSince: string | null;
}

const orderOf = (email: string) =>
  queryDb<OrderRow>(
    `SELECT o.* FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ? ORDER BY o.createdAt DESC`,
    email,
  )[0];

async function advanceClock(request: APIRequestContext, ms: number) {
  expect(
    (await request.post("/api/test-clock", { headers: auth, data: { advanceMs: ms } })).status(),
  ).toBe(200);
}

async function reconcile(request: APIRequestContext) {
  const response = await request.post("/api/linepay/reconcile", { headers: auth });
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      run: { checked: number; settled: number; stillOpen: number; flagged: number; errors: number };
    }
  ).run;
}

async function addFault(rule: unknown) {
  const response = await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(rule),
  });
  expect(response.status).toBeLessThan(300);
}

test.afterEach(async ({ request }) => {
  await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, { method: "DELETE" });
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

test("the reconcile route refuses callers without the cron secret", async ({ request }) => {
  expect((await request.post("/api/linepay/reconcile")).status()).toBe(401);
  expect(
    (
      await request.get("/api/linepay/reconcile", { headers: { Authorization: "Bearer wrong" } })
    ).status(),
  ).toBe(401);
});

test("a shopper who approves on LINE Pay and closes the tab is charged once and gets VIP from the reconciliation job", async ({
  page,
  request,
}) => {
  const email = await signUp(page);
  await startPurchase(page, "VIP 30 days");
  const pending = orderOf(email)!;
  expect(pending.status).toBe("PENDING");
  // Approved on LINE Pay, but the browser never follows the redirect back (closed tab, lost network).
  expect(
    (
      await fetch(`${E2E_SANDBOX_URL}/__sandbox/payments/${pending.transactionId}/approve`, {
        method: "POST",
      })
    ).status,
  ).toBe(200);
  await page.close();

  await advanceClock(request, 6 * MINUTE);
  await reconcile(request);
  const paid = orderOf(email)!;
  expect(paid.status).toBe("PAID");
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, paid.id)).toHaveLength(1);
  expect(
    queryDb(
      `SELECT * FROM PaymentEvent WHERE orderId = ? AND endpoint = 'confirmPayment'`,
      paid.id,
    ),
  ).toHaveLength(1);
  expect((await sandboxLedger()).find((t) => t.transactionId === paid.transactionId)?.state).toBe(
    "CAPTURED",
  );
});

test("the confirm URL works in a browser without the shopper's session (LINE's in-app browser drops cookies)", async ({
  browser,
  page,
}) => {
  const email = await signUp(page);
  await startPurchase(page, "VIP 30 days");
  const pending = orderOf(email)!;
  const approved = (await (
    await fetch(`${E2E_SANDBOX_URL}/__sandbox/payments/${pending.transactionId}/approve`, {
      method: "POST",
    })
  ).json()) as { redirectUrl: string };
  const cookieless = await browser.newContext();
  const inAppBrowser = await cookieless.newPage();
  await inAppBrowser.goto(approved.redirectUrl);
  // Confirmed from the stored order alone; the order's details stay behind the shopper's sign-in.
  expect(orderOf(email)!.status).toBe("PAID");
  expect(queryDb(`SELECT * FROM Entitlement WHERE orderId = ?`, pending.id)).toHaveLength(1);
  await expect(inAppBrowser.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
  await inAppBrowser.locator("main input[name=email]").fill(email);
  await inAppBrowser.locator("main input[name=password]").fill(TEST_PASSWORD);
  await inAppBrowser.locator("main form.stack button[type=submit]").click();
  await expect(inAppBrowser.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await expect(inAppBrowser.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await cookieless.close();
});

test("an order LINE Pay cannot be asked about is checked on the back-off schedule, flagged, and settled by an admin's verify now", async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  const email = await signUp(shopper);
  await startPurchase(shopper, "VIP 30 days");
  const pending = orderOf(email)!;
  // The confirm reaches LINE Pay and the money moves, but the answer is lost, and every lookup fails.
  await addFault({
    match: { endpoint: "confirm", orderId: pending.orderId },
    action: { type: "commitThenDrop" },
    times: 1,
  });
  await addFault({ match: { transactionId: pending.transactionId }, action: { type: "http500" } });
  await shopper.getByRole("button", { name: "Approve payment" }).click();
  await expect(shopper.getByRole("heading", { level: 1 })).toBeVisible();
  await shopperContext.close();
  expect(orderOf(email)!.status).toBe("UNKNOWN");

  await advanceClock(request, 3 * MINUTE);
  for (let check = 1; check <= 6; check++) {
    await reconcile(request);
    const row = orderOf(email)!;
    expect(row.reconcileChecks).toBe(check);
    if (row.attentionSince) break;
    const appNow = (await (await request.get("/api/test-clock", { headers: auth })).json()) as {
      now: string;
    };
    const wait = Date.parse(row.reconcileAfter!) - Date.parse(appNow.now);
    await advanceClock(request, Math.max(wait, 0) + MINUTE);
  }
  const flagged = orderOf(email)!;
  expect(flagged.status).toBe("UNKNOWN");
  expect(flagged.attentionSince).not.toBeNull();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/orders");
  await page
    .getByRole("navigation", { name: "Back office" })
    .getByRole("link", { name: "Needs attention" })
    .click();
  await expect(page.getByRole("heading", { name: "Needs attention", level: 1 })).toBeVisible();
  const row = page
    .getByTestId("attention-flagged")
    .getByTestId("attention-row")
    .filter({ hasText: pending.orderId });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("attention-reason")).toContainText("Still open after 6 checks");

  await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, { method: "DELETE" }); // LINE Pay answers again
  await row
    .getByRole("button", { name: `Verify order ${pending.orderId} with LINE Pay now` })
    .click();
  await expect(page.getByTestId("verify-now-result")).toContainText("Settled");
  const settled = orderOf(email)!;
  expect(settled.status).toBe("PAID");
  expect(settled.attentionSince).toBeNull();
  expect(
    queryDb(
      `SELECT * FROM PaymentEvent WHERE orderId = ? AND endpoint = 'confirmPayment'`,
      settled.id,
    ),
  ).toHaveLength(1);
  await page.reload();
  await expect(
    page
      .getByTestId("attention-flagged")
      .getByTestId("attention-row")
      .filter({ hasText: pending.orderId }),
  ).toHaveCount(0);
  expect(
    queryDb(
      `SELECT * FROM AuditEntry WHERE targetId = ? AND action = 'order.needs_attention'`,
      settled.id,
    ),
  ).toHaveLength(1);
  await context.close();
});
