// Honest re-approval in Chromium, in English and zh-TW (issue 12 parts 3 and 8): a few days before
// the renewal the engine finds the regKey dead and asks for a new approval while VIP is still paid;
// the account page says what approving charges now and for which period before the shopper
// approves; approving pays exactly that period, once, and the account shows the period paid and
// the next charge. A superseded approval in another tab charges nothing.
import { readFileSync } from "node:fs";
import { type APIRequestContext, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, setLocaleCookie, signUp } from "./helpers";
import { E2E_CRON_SECRET, E2E_SANDBOX_URL } from "./stack-config";

const DAY = 24 * 60 * 60 * 1000;
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };
type Locale = "en" | "zh-TW";

interface ShopMessages {
  subscription: { rebind: string; cancelAtPeriodEnd: string };
  orderOutcome: { PAID: { title: string } };
  status: { subscription: Record<string, string>; subscriptionEndsOn: string };
}
const messages = (locale: Locale) =>
  JSON.parse(readFileSync(`lib/i18n/messages/${locale}/shop.json`, "utf8")) as ShopMessages;

/** The app's own date format (lib/i18n/format-date.ts): medium date in the shop's time zone. */
const day = (date: Date, locale: Locale) =>
  new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Taipei" }).format(date);
const asDate = (value: unknown) => new Date(value as string | number);

test.describe.configure({ mode: "serial" });

test.afterAll(async ({ request }) => {
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

async function setClock(request: APIRequestContext, at: Date) {
  const response = await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: at.toISOString() },
  });
  expect(response.status()).toBe(200);
}

async function runRenewals(request: APIRequestContext) {
  const response = await request.post("/api/linepay/renewals", { headers: auth });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { run: { errors: number } }).run;
}

async function subscribeMonthly(page: Page, email: string) {
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: "VIP Monthly" })
    .getByRole("button", { name: "Subscribe with LINE Pay" })
    .click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  const [row] = queryDb<{ id: string; currentPeriodEnd: unknown }>(
    `SELECT s.id, s.currentPeriodEnd FROM Subscription s JOIN "User" u ON u.id = s.userId WHERE u.email = ?`,
    email,
  );
  if (!row) throw new Error("no subscription");
  return { id: row.id, periodEnd: asDate(row.currentPeriodEnd) };
}

async function lastRegKey(): Promise<string> {
  const ledger = (await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`)).json()) as {
    regKeys: { regKey: string }[];
  };
  return ledger.regKeys.at(-1)?.regKey as string;
}

/** LINE Pay's captured payments for this subscription's orders. */
async function capturedOrders(subscriptionId: string): Promise<string[]> {
  const orderIds = queryDb<{ orderId: string }>(
    `SELECT orderId FROM "Order" WHERE subscriptionId = ?`,
    subscriptionId,
  ).map((o) => o.orderId);
  const ledger = (await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`)).json()) as {
    transactions: { orderId: string; state: string }[];
  };
  return ledger.transactions
    .filter((t) => t.state === "CAPTURED" && orderIds.includes(t.orderId))
    .map((t) => t.orderId);
}

function paidPeriods(subscriptionId: string) {
  return queryDb<{ periodIndex: number; paid: number; startsAt: unknown; endsAt: unknown }>(
    `SELECT periodIndex, COUNT(*) AS paid, MIN(startsAt) AS startsAt, MIN(endsAt) AS endsAt
       FROM BillingPeriod WHERE subscriptionId = ? AND status = 'PAID'
       GROUP BY periodIndex ORDER BY periodIndex`,
    subscriptionId,
  );
}

for (const locale of ["en", "zh-TW"] as const) {
  test(`[${locale}] re-approval shows the amount and period before approving and pays no period twice`, async ({
    page,
    context,
    request,
  }) => {
    test.setTimeout(120_000);
    const text = messages(locale);
    const email = await signUp(page);
    const subscription = await subscribeMonthly(page, email);
    await fetch(`${E2E_SANDBOX_URL}/__sandbox/regkeys/${await lastRegKey()}/expire`, {
      method: "POST",
    });

    // Two days before the renewal the engine checks the regKey, finds it dead, and asks for a new
    // approval while period 1 is still paid.
    await setClock(request, new Date(subscription.periodEnd.getTime() - 2 * DAY));
    expect(await runRenewals(request)).toMatchObject({ errors: 0 });
    await setLocaleCookie(context, locale);
    await page.goto("/account");
    await expect(page.getByTestId("subscription-status")).toHaveText(
      text.status.subscription.NEEDS_REBIND ?? "",
    );
    const offer = page.getByTestId("rebind-offer");
    await expect(offer).toContainText("NT$149");
    await expect(offer).toContainText(day(subscription.periodEnd, locale)); // period 2 starts there
    await expect(page.getByTestId("rebind-paid-until")).toContainText(
      day(subscription.periodEnd, locale),
    );
    const shownOffer = (await offer.textContent()) ?? "";

    // The older approval page (another tab) is superseded by the newer one and never charges.
    const olderTab = await context.newPage();
    await olderTab.goto("/account");
    await olderTab.getByRole("button", { name: text.subscription.rebind }).click();
    await expect(olderTab.getByRole("button", { name: "Approve payment" })).toBeVisible();

    await page.getByRole("button", { name: text.subscription.rebind }).click();
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page.getByRole("heading", { name: text.orderOutcome.PAID.title })).toBeVisible();
    // The payment page names the period it paid: period 2, from the end of period 1.
    await expect(page.getByTestId("period-window")).toContainText(
      day(subscription.periodEnd, locale),
    );
    await olderTab.getByRole("button", { name: "Approve payment" }).click();
    await expect(olderTab.getByTestId("order-status")).toBeVisible();
    await olderTab.close();

    // Exactly what was shown was paid: period 2, from the end of period 1, once.
    const periods = paidPeriods(subscription.id);
    expect(periods.map((p) => [p.periodIndex, p.paid])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    const period2 = periods[1];
    expect(asDate(period2?.startsAt).getTime()).toBe(subscription.periodEnd.getTime());
    const period2End = asDate(period2?.endsAt);
    expect(shownOffer).toContain(day(period2End, locale));
    expect(await capturedOrders(subscription.id)).toHaveLength(2); // first period + re-approval
    expect(
      queryDb<{ status: string }>(
        `SELECT status FROM "Order" WHERE subscriptionId = ? AND kind = 'SUBSCRIPTION_REBIND' ORDER BY createdAt`,
        subscription.id,
      ).map((o) => o.status),
    ).toEqual(["EXPIRED", "PAID"]);

    // The account shows the period paid and when the next charge is.
    await page.goto("/account");
    await expect(page.getByTestId("subscription-status")).toHaveText(
      text.status.subscription.ACTIVE ?? "",
    );
    await expect(page.getByTestId("subscription-period")).toContainText(day(period2End, locale));
    await expect(page.getByTestId("next-charge")).toContainText(day(period2End, locale));
    await expect(page.getByTestId("subscription-period-row")).toHaveCount(2);

    // The old renewal date passes: nothing is charged for period 2 again.
    await setClock(request, new Date(subscription.periodEnd.getTime() + DAY));
    expect(await runRenewals(request)).toMatchObject({ errors: 0 });
    expect(paidPeriods(subscription.id).map((p) => [p.periodIndex, p.paid])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(await capturedOrders(subscription.id)).toHaveLength(2);

    // Leave nothing that a later spec's renewal run would charge or end: cancel, and let it end.
    await page.goto("/account");
    await page.getByRole("button", { name: text.subscription.cancelAtPeriodEnd }).click();
    // Cancelled but paid up: the badge says when it ends, not a bare "cancelled".
    await expect(page.getByTestId("subscription-status")).toHaveAttribute(
      "data-status",
      "CANCELED",
    );
    await expect(page.getByTestId("subscription-status")).toHaveText(
      text.status.subscriptionEndsOn.replace("{date}", day(period2End, locale)),
    );
    await setClock(request, new Date(period2End.getTime() + DAY));
    expect(await runRenewals(request)).toMatchObject({ errors: 0 });
    expect(
      queryDb<{ status: string; regKeyCiphertext: string | null }>(
        `SELECT status, regKeyCiphertext FROM Subscription WHERE id = ?`,
        subscription.id,
      ),
    ).toEqual([{ status: "EXPIRED", regKeyCiphertext: null }]);
    expect(await capturedOrders(subscription.id)).toHaveLength(2);
  });
}
