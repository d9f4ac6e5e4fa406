// One subscription per shopper and plan changes, in Chromium, in English and zh-TW: an upgrade
// monthly → yearly is charged exactly the prorated amount the confirm page showed and leaves one
// subscription; a second subscription from a stale tab is refused and pointed to the switch; a
// downgrade is scheduled, shown, undone, scheduled again and taken by the renewal at period end.
import { type APIRequestContext, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  expectNoSeriousAxeViolations,
  queryDb,
  sandboxLedger,
  setLocaleCookie,
  signIn,
  signUp,
} from "./helpers";
import { E2E_CRON_SECRET } from "./stack-config";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };

const DAY = 24 * 60 * 60 * 1000;
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

const WORDS = {
  en: {
    upgraded: "Done: your plan is now VIP Yearly.",
    oneSubscription: "You already have a VIP subscription.",
    scheduled: "Scheduled: your plan changes to VIP Monthly",
    cancelled: "The scheduled change is cancelled.",
    keepPlan: "Keep my current plan",
    confirmDowngrade: "Schedule the change",
  },
  "zh-TW": {
    upgraded: "完成：您的方案已改為",
    oneSubscription: "您已經有 VIP 訂閱。",
    scheduled: "已排定：您的方案將在已付週期結束時改為",
    cancelled: "已取消排定的變更。",
    keepPlan: "保留目前方案",
    confirmDowngrade: "排定變更",
  },
} as const;

async function advanceClock(request: APIRequestContext, ms: number) {
  const response = await request.post("/api/test-clock", {
    headers: auth,
    data: { advanceMs: ms },
  });
  expect(response.status()).toBe(200);
}

async function subscribe(page: Page, planCode: string) {
  await page.goto("/");
  await page
    .getByTestId(`plan-${planCode}`)
    .locator('form[action="/api/linepay/checkout"] button')
    .click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page).toHaveURL(/\/checkout\/success/);
}

function subscriptionsOf(email: string) {
  return queryDb<{
    id: string;
    code: string;
    status: string;
    amountMinor: number;
    interval: string;
  }>(
    `SELECT s.id, p.code, s.status, s.amountMinor, s.interval FROM Subscription s
     JOIN "User" u ON u.id = s.userId JOIN Plan p ON p.id = s.planId WHERE u.email = ?`,
    email,
  );
}

const amountOf = (text: string | null) => Number((text ?? "").replace(/[^0-9]/g, ""));

test.afterAll(async ({ request }) => {
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

for (const locale of ["en", "zh-TW"] as const) {
  const words = WORDS[locale];

  test(`[${locale}] upgrading monthly → yearly charges the amount shown first and leaves one subscription; a second subscription is refused`, async ({
    page,
    context,
    request,
  }) => {
    test.setTimeout(120_000);
    const email = await signUp(page);
    await setLocaleCookie(context, locale);
    // A second tab still showing the plans from before the subscription.
    const staleTab = await context.newPage();
    await staleTab.goto("/");
    await subscribe(page, "vip-monthly");

    // The stale tab's "Subscribe" on another plan is refused and sent to the switch.
    await staleTab.getByTestId("plan-vip-yearly").getByRole("button").click();
    await expect(staleTab).toHaveURL(
      /\/account\/plan-change\?result=one_subscription&plan=vip-yearly/,
    );
    await expect(staleTab.getByTestId("plan-change-result")).toContainText(words.oneSubscription);
    await expect(staleTab.getByTestId("plan-change-upgrade")).toBeVisible();
    expect(subscriptionsOf(email)).toHaveLength(1);
    await staleTab.close();

    // Ten days into the month, the plans page marks the plan and offers the switch.
    await advanceClock(request, 10 * DAY);
    await page.goto("/");
    await expect(page.getByTestId("plan-vip-monthly").getByTestId("current-plan")).toBeVisible();
    await page.getByTestId("plan-vip-yearly").getByRole("link").click();
    const panel = page.getByTestId("plan-change-upgrade");
    await expect(panel).toBeVisible();
    const credit = amountOf(await page.getByTestId("plan-change-credit").textContent());
    const charge = amountOf(await page.getByTestId("plan-change-charge").textContent());
    expect(credit).toBeGreaterThan(90);
    expect(credit).toBeLessThan(110);
    expect(charge).toBe(1490 - credit);
    await expect(page.getByTestId("plan-change-renewal")).toContainText("NT$1,490");
    await expect(page.getByTestId("plan-change-period")).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    await panel.locator("button[type=submit]").click();
    await expect(page.getByTestId("plan-change-result")).toContainText(words.upgraded);

    const subscriptions = subscriptionsOf(email);
    expect(subscriptions).toMatchObject([
      { code: "vip-yearly", status: "ACTIVE", amountMinor: 1490, interval: "YEAR" },
    ]);
    const orders = queryDb<{ orderId: string; amountMinor: number; status: string }>(
      `SELECT orderId, amountMinor, status FROM "Order" WHERE subscriptionId = ? AND kind = 'PLAN_CHANGE'`,
      subscriptions[0]?.id,
    );
    expect(orders).toEqual([
      { orderId: `CHG-${subscriptions[0]?.id}-0-1`, amountMinor: charge, status: "PAID" },
    ]);
    const captured = (await sandboxLedger()).filter(
      (t) => t.orderId.startsWith(`CHG-${subscriptions[0]?.id}-`) && t.state === "CAPTURED",
    );
    expect(captured).toMatchObject([{ amount: charge, currency: "TWD" }]);

    // The plans page now marks the yearly plan; the account shows the new period.
    await page.goto("/");
    await expect(page.getByTestId("plan-vip-yearly").getByTestId("current-plan")).toBeVisible();
    await page.goto("/account");
    await expect(page.getByTestId("subscription")).toHaveCount(1);
    await expect(page.getByTestId("next-charge")).toContainText("NT$1,490");
  });

  test(`[${locale}] a downgrade is scheduled, shown, undone and scheduled again`, async ({
    browser,
    page,
    context,
  }) => {
    test.setTimeout(120_000);
    const email = await signUp(page);
    await setLocaleCookie(context, locale);
    await subscribe(page, "vip-yearly");
    await page.goto("/");
    await page.getByTestId("plan-vip-monthly").getByRole("link").click();
    await expect(page.getByTestId("plan-change-downgrade")).toBeVisible();
    await expect(page.getByTestId("plan-change-effective")).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await page.getByRole("button", { name: words.confirmDowngrade }).click();
    await expect(page.getByTestId("plan-change-result")).toContainText(words.scheduled);

    await page.goto("/account");
    await expect(page.getByTestId("pending-change")).toContainText("NT$149");
    await expect(page.getByTestId("next-charge")).toContainText("NT$149");
    await page.getByRole("button", { name: words.keepPlan }).click();
    await expect(page.getByTestId("plan-change-result")).toContainText(words.cancelled);
    await page.goto("/account");
    await expect(page.getByTestId("pending-change")).toHaveCount(0);
    await expect(page.getByTestId("next-charge")).toContainText("NT$1,490");

    // Scheduled again: stored on the one subscription, for the renewal at the period end to take
    // (tests/integration/plan-change.test.ts runs that renewal with the engine and a moved clock).
    await page.goto("/account/plan-change?plan=vip-monthly");
    await page.getByRole("button", { name: words.confirmDowngrade }).click();
    await expect(page.getByTestId("plan-change-result")).toContainText(words.scheduled);
    const rows = queryDb<{ code: string; pendingCode: string; pendingAmountMinor: number }>(
      `SELECT p.code, pp.code AS pendingCode, s.pendingAmountMinor FROM Subscription s
       JOIN "User" u ON u.id = s.userId JOIN Plan p ON p.id = s.planId
       JOIN Plan pp ON pp.id = s.pendingPlanId WHERE u.email = ?`,
      email,
    );
    expect(rows).toEqual([
      { code: "vip-yearly", pendingCode: "vip-monthly", pendingAmountMinor: 149 },
    ]);
    await page.goto("/account");
    await expect(page.getByTestId("pending-change")).toBeVisible();

    // The admin sees the scheduled change and cancels it, with the reason in the audit log.
    const [{ id } = { id: "" }] = subscriptionsOf(email);
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    await admin.goto(`/admin/subscriptions/${id}`);
    await expect(admin.getByTestId("admin-pending-change")).toContainText("vip-monthly");
    const actions = admin.getByTestId("subscription-actions");
    await actions.getByLabel("Action").selectOption("cancel_plan_change");
    await actions.getByLabel("Reason (kept in the audit log)").fill("Shopper asked by phone");
    await actions.getByRole("button", { name: "Apply" }).click();
    await expect(admin.getByTestId("subscription-action-result")).toContainText("Done.");
    await admin.reload();
    await expect(admin.getByTestId("admin-pending-change")).toHaveCount(0);
    await expect(
      admin.getByTestId("audit-entry").filter({ hasText: "Shopper asked by phone" }).first(),
    ).toContainText(ADMIN.email);
    await adminContext.close();
    await page.goto("/account");
    await expect(page.getByTestId("pending-change")).toHaveCount(0);
    await expect(page.getByTestId("next-charge")).toContainText("NT$1,490");
  });
}
