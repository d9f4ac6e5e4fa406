// The back office's subscription and renewal tools in Chromium, the revenue dashboard, the zh-TW
// back office, and axe checks on every admin page in both languages.
import { readFileSync } from "node:fs";
import { type APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  expectNoSeriousAxeViolations,
  queryDb,
  setLocaleCookie,
  signIn,
  signUp,
  startPurchase,
} from "./helpers";
import { E2E_CRON_SECRET, E2E_SANDBOX_URL } from "./stack-config";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };
const DAY = 24 * 60 * 60 * 1000;
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

async function advanceClock(request: APIRequestContext, ms: number) {
  expect(
    (await request.post("/api/test-clock", { headers: auth, data: { advanceMs: ms } })).status(),
  ).toBe(200);
}

test.afterAll(async ({ request }) => {
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

test("an admin runs renewals with a live progress bar, then cancels a subscription now and its regKey is expired at LINE Pay", async ({
  browser,
  request,
}) => {
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  const email = await signUp(shopper);
  await shopper.goto("/");
  await shopper
    .getByRole("article")
    .filter({ hasText: "VIP Monthly" })
    .getByRole("button", { name: "Subscribe with LINE Pay" })
    .click();
  await shopper.getByRole("button", { name: "Approve payment" }).click();
  await expect(shopper.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await shopperContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/admin/subscriptions?q=${encodeURIComponent(email)}`);
  await expect(page.getByTestId("admin-subscription-row")).toHaveCount(1);
  await page.getByTestId("admin-subscription-row").getByRole("link", { name: email }).click();
  await expect(page.getByTestId("admin-subscription-status")).toHaveText("Active");
  await expect(page.getByTestId("subscription-regkey")).toContainText("stored, encrypted");
  const subscriptionUrl = page.url();

  // A month later the renewal is due: run it from the back office and watch it finish.
  await advanceClock(request, 31 * DAY);
  await page.goto("/admin/renewals");
  await page.getByRole("button", { name: /Run now \(\d+ due\)/ }).click();
  await expect(page.getByTestId("run-status")).toContainText(/Done: \d+ due, [1-9]\d* charged/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId("renewal-run").first()).toContainText("admin");

  // The renewal charge is an order of its own: listed under "Renewal", paid.
  await page.goto(`/admin/orders?type=renewal&q=${encodeURIComponent(email)}`);
  await expect(page.getByTestId("admin-order-row")).toHaveCount(1);
  await expect(page.getByTestId("admin-order-row")).toContainText("Renewal");
  await expect(page.getByTestId("admin-order-row").getByTestId("admin-order-status")).toHaveText(
    "Paid",
  );

  await page.goto(subscriptionUrl);
  await expect(page.getByTestId("subscription-periods")).toContainText("Paid");
  // Counted as the shopper counts them: the first period is period 1 (newest first here).
  await expect(page.getByTestId("admin-period-number")).toHaveText(["2", "1"]);
  const periods = queryDb<{ periodIndex: number; status: string }>(
    `SELECT p.periodIndex, p.status FROM BillingPeriod p JOIN Subscription s ON s.id = p.subscriptionId JOIN User u ON u.id = s.userId WHERE u.email = ? ORDER BY p.periodIndex`,
    email,
  );
  expect(periods).toEqual([
    { periodIndex: 0, status: "PAID" },
    { periodIndex: 1, status: "PAID" },
  ]);

  // Cancel now: VIP ends, the regKey is released at LINE Pay, and the audit log says who and why.
  const actions = page.getByTestId("subscription-actions");
  await actions.getByLabel("Action").selectOption("cancel_now");
  await actions.getByLabel("Reason (kept in the audit log)").fill("Chargeback dispute");
  await actions.getByRole("button", { name: "Apply" }).click();
  // The first press only says what will happen; the subscription is untouched until confirmed.
  const confirm = page.getByTestId("subscription-action-confirm");
  await expect(confirm).toContainText("ends this subscriber's VIP at once");
  await expect(confirm).toContainText("Reason: Chargeback dispute");
  const statusOf = () =>
    queryDb<{ status: string }>(
      `SELECT s.status FROM Subscription s JOIN User u ON u.id = s.userId WHERE u.email = ?`,
      email,
    )[0]!.status;
  const before = statusOf();
  expect(before).not.toBe("EXPIRED");
  await confirm.getByRole("button", { name: "Change" }).click();
  await expect(actions.getByLabel("Action")).toHaveValue("cancel_now");
  await expect(actions.getByLabel("Reason (kept in the audit log)")).toHaveValue(
    "Chargeback dispute",
  );
  expect(statusOf()).toBe(before);
  await actions.getByRole("button", { name: "Apply" }).click();
  await confirm.getByRole("button", { name: "Yes, apply" }).click();
  await expect(page.getByTestId("subscription-action-result")).toContainText(
    "Done. The subscription is now EXPIRED",
  );
  await expect(page.getByTestId("admin-subscription-status")).toHaveText("Expired");
  expect(statusOf()).toBe("EXPIRED");
  await expect(page.getByTestId("subscription-regkey")).toHaveText("none stored");
  await expect(
    page.getByTestId("audit-entry").filter({ hasText: "Chargeback dispute" }).first(),
  ).toContainText(ADMIN.email);

  const [row] = queryDb<{ orderId: string }>(
    `SELECT o.orderId FROM "Order" o JOIN User u ON u.id = o.userId WHERE u.email = ? AND o.kind = 'SUBSCRIPTION_START'`,
    email,
  );
  const ledger = (await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`)).json()) as {
    transactions: Array<{ orderId: string; regKey: string | null }>;
    regKeys: Array<{ regKey: string; state: string }>;
  };
  const regKey = ledger.transactions.find((t) => t.orderId === row?.orderId)?.regKey;
  expect(ledger.regKeys.find((r) => r.regKey === regKey)?.state).toBe("EXPIRED");
  await context.close();
});

test("the revenue dashboard shows MRR, subscribers, churn, success rate and revenue per day", async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/revenue");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Revenue");
  for (const chart of ["mrr", "active", "churn", "success", "daily"]) {
    await expect(
      page.getByTestId(`chart-${chart}`).locator(".recharts-wrapper svg.recharts-surface").first(),
    ).toBeVisible();
  }
  await expect(page.getByTestId("revenue-months").locator("tbody tr")).toHaveCount(12);
  await expect(page.getByTestId("mrr-now")).toHaveText(/^NT\$[\d,]+$/);
});

test("the zh-TW back office shows TWD without decimals", async ({ browser }) => {
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  const email = await signUp(shopper);
  await startPurchase(shopper, "VIP 1 year");
  await shopper.getByRole("button", { name: "Approve payment" }).click();
  await expect(shopper.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await shopperContext.close();

  const context = await browser.newContext();
  await setLocaleCookie(context, "zh-TW");
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/admin/orders?q=${encodeURIComponent(email)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("訂單");
  const row = page.getByTestId("admin-order-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("NT$2,490");
  await expect(row).not.toContainText("2,490.00");
  await expect(row.getByTestId("admin-order-status")).toHaveText("已付款");
  await context.close();
});

/** The English reasons' fixed wording (long enough to be a sentence), which zh-TW must not show. */
const ENGLISH_REASONS = JSON.parse(
  readFileSync("lib/i18n/messages/en/reasons.json", "utf8"),
) as Record<string, Record<string, string>>;
const ENGLISH_REASON_WORDING = Object.values(ENGLISH_REASONS)
  .flatMap((group) => Object.values(group))
  .map((message) =>
    message
      .split(/\{\w+\}/)
      .map((part) => part.trim())
      .reduce((longest, part) => (part.length > longest.length ? part : longest), ""),
  )
  .filter((fragment) => fragment.length >= 12);

test("the zh-TW back office shows status and audit reasons in Chinese, the admin's note as typed", async ({
  browser,
}) => {
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  const email = await signUp(shopper);
  await shopper.goto("/");
  await shopper
    .getByRole("article")
    .filter({ hasText: "VIP Monthly" })
    .getByRole("button", { name: "Subscribe with LINE Pay" })
    .click();
  await shopper.getByRole("button", { name: "Approve payment" }).click();
  await expect(shopper.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await shopperContext.close();
  const [started] = queryDb<{ orderId: string; subscriptionId: string }>(
    `SELECT o.orderId, o.subscriptionId FROM "Order" o JOIN User u ON u.id = o.userId WHERE u.email = ? AND o.kind = 'SUBSCRIPTION_START'`,
    email,
  );
  const subscriptionPath = `/admin/subscriptions/${started!.subscriptionId}`;

  // An admin cancels it now with a typed note (in English: the note stays as typed).
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(subscriptionPath);
  const note = "Chargeback dispute #42";
  const actions = page.getByTestId("subscription-actions");
  await actions.getByLabel("Action").selectOption("cancel_now");
  await actions.getByLabel("Reason (kept in the audit log)").fill(note);
  await actions.getByRole("button", { name: "Apply" }).click();
  await page
    .getByTestId("subscription-action-confirm")
    .getByRole("button", { name: "Yes, apply" })
    .click();
  await expect(page.getByTestId("admin-subscription-status")).toHaveText("Expired");
  // English readers see the English wording, which is also what the rows store.
  await expect(page.getByTestId("audit-entry").filter({ hasText: note }).first()).toContainText(
    `Cancelled now by an admin: ${note}`,
  );
  const [stored] = queryDb<{ reason: string; reasonCode: string }>(
    `SELECT reason, reasonCode FROM SubscriptionStatusChange WHERE subscriptionId = ? AND toStatus = 'EXPIRED'`,
    started!.subscriptionId,
  );
  expect(stored).toEqual({
    reason: `Cancelled now by an admin: ${note}`,
    reasonCode: "admin.cancel_now",
  });

  await setLocaleCookie(context, "zh-TW");
  const pages = [
    {
      path: subscriptionPath,
      shows: [`管理員立即取消：${note}`, "第一期已透過 LINE Pay 付款（已授權自動扣款）"],
    },
    {
      path: `/admin/orders/${started!.orderId}`,
      // LINE Pay's own words ("Success.") are quoted as LINE Pay's, in English, not as ours.
      shows: ["LINE Pay 已確認付款", "顧客已在 LINE Pay 同意付款，確認中", "LINE Pay 回覆："],
    },
    { path: `/admin/audit?id=${started!.subscriptionId}`, shows: [`管理員立即取消：${note}`] },
  ];
  for (const [index, { path, shows }] of pages.entries()) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(path);
    // For a reviewer (tests/.tmp/screenshots, beside the page tour's).
    await page.screenshot({
      path: `tests/.tmp/screenshots/zh-TW-1280-reasons-${index + 1}.png`,
      fullPage: true,
    });
    const text = await page.locator("main").innerText();
    for (const words of shows) expect(text, path).toContain(words);
    expect(
      ENGLISH_REASON_WORDING.filter((fragment) => text.includes(fragment)),
      `English reasons on ${path}`,
    ).toEqual([]);
  }
  await page.goto(`/admin/orders/${started!.orderId}`);
  await expect(page.getByTestId("payment-event").locator('q[lang="en"]').first()).toHaveText(/\S/);
  await context.close();
});

for (const locale of ["en", "zh-TW"] as const) {
  test(`admin pages have no serious or critical accessibility violations (${locale})`, async ({
    browser,
  }) => {
    // Nine pages, each rendered and scanned by axe: close to a minute on a loaded two-core machine.
    test.setTimeout(120_000);
    const context = await browser.newContext();
    await setLocaleCookie(context, locale);
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    const [order] = queryDb<{ orderId: string }>(
      `SELECT orderId FROM "Order" WHERE status IN ('PAID','REFUNDED','PARTIALLY_REFUNDED') ORDER BY createdAt DESC LIMIT 1`,
    );
    const [subscription] = queryDb<{ id: string }>(
      `SELECT id FROM Subscription WHERE status != 'INCOMPLETE' ORDER BY createdAt DESC LIMIT 1`,
    );
    const paths = [
      "/admin/orders",
      "/admin/orders?status=PAID&sort=amount_desc",
      "/admin/subscriptions",
      "/admin/renewals",
      "/admin/attention",
      "/admin/revenue",
      "/admin/audit",
    ];
    if (order) paths.push(`/admin/orders/${order.orderId}`);
    if (subscription) paths.push(`/admin/subscriptions/${subscription.id}`);
    for (const path of paths) {
      await page.goto(path);
      await expectNoSeriousAxeViolations(page, `${path} (${locale})`);
    }
    await context.close();
  });
}
