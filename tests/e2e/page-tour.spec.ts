// Every page of the shop, the account, the back office and the error pages, at a phone (390 px), a
// laptop (1280 px) and a wide screen (1920 px), in English and zh-TW. Each visit fails on a console
// error (hydration warnings included), a failed request, a page wider than the window, or (at
// 1280 px and wider) a table whose status or amount column is off-screen; axe runs on each page at
// 1280 px. Screenshots at 390 and 1280 px go to tests/.tmp/screenshots/ for a reviewer to look at.
import { mkdirSync } from "node:fs";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { expectNoSeriousAxeViolations, queryDb, setLocaleCookie, signUp } from "./helpers";
import { buy, expect, test } from "./identities";
import { E2E_APP_URL, E2E_SANDBOX_URL } from "./stack-config";
import { errorsAndHydrationReports, watchPageProblems } from "./page-problems";

const SCREENSHOTS = "tests/.tmp/screenshots";
const WIDTHS = [390, 1280, 1920] as const;
const SCREENSHOT_WIDTHS = new Set([390, 1280]);
/** Column headings that must stay on screen in every table, in both languages. */
const KEY_COLUMNS = /^(Status|Amount|狀態|金額)/;
/** Order and subscription codes, shown as words on every page (raw data in `code` is allowed). */
const RAW_CODES =
  /\b(ONE_TIME|SUBSCRIPTION_START|SUBSCRIPTION_REBIND|RENEWAL|PLAN_CHANGE|PENDING|CONFIRMING|PAID|PARTIALLY_REFUNDED|REFUNDED|CANCELED|FAILED|EXPIRED|AUTHORIZED|VOIDED|ACTIVE|PAST_DUE|NEEDS_REBIND|INCOMPLETE)\b/;
/** The seeded plans' English names, which zh-TW pages translate. */
const ENGLISH_PLAN_NAMES = /VIP (30 days|90 days|1 year|Monthly|Yearly)/;

type Who = "anonymous" | "shopper" | "admin";
interface Stop {
  name: string;
  who: Who;
  path: string;
  /** The page's own status when it is an error page (not found, forbidden). */
  status?: number;
  /** A console message this page causes on purpose. */
  expectedConsole?: RegExp;
  /** The page moves on by itself to LINE Pay's web page after a moment: keep it in place. */
  holdOnPage?: boolean;
}

test.describe.configure({ mode: "serial" });

for (const locale of ["en", "zh-TW"] as const) {
  test(`[${locale}] every page fits 390, 1280 and 1920 px with a clean console and no serious axe violation`, async ({
    browser,
    identities,
  }) => {
    test.setTimeout(300_000);
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A shopper of this test's own (the shared shopper A's checkout budget belongs to the specs
    // before it): a paid pass, a live subscription, an open order and a cancelled one.
    const shopperContext = await browser.newContext({ baseURL: E2E_APP_URL });
    const email = await signUp(await shopperContext.newPage());
    const [user] = queryDb<{ id: string }>(`SELECT id FROM "User" WHERE email = ?`, email);
    const shopper = { api: shopperContext.request, userId: user!.id };
    const paid = await buy(shopper.api, email, "vip-30");
    await buy(shopper.api, email, "vip-monthly");
    const [subscription] = queryDb<{ id: string }>(
      `SELECT id FROM Subscription WHERE userId = ? AND status = 'ACTIVE'`,
      shopper.userId,
    );
    const ctx = { orderId: paid.orderId, subscriptionId: subscription!.id };
    const openOrderId = await openOrderOf(shopper, "vip-90");
    const canceledOrderId = await canceledOrderOf(shopper, "vip-365");
    // An ATM transfer waiting for the shopper's money (SinoPac's virtual account and deadline).
    const transfer = await shopper.api.post("/api/sinopac/transfer", {
      form: { planCode: "vip-365" },
      maxRedirects: 0,
    });
    const transferPath = new URL(transfer.headers().location ?? "", E2E_APP_URL).pathname;
    expect(transferPath).toMatch(/^\/orders\/VIP-/);
    const stops: Stop[] = [
      { name: "plans", who: "anonymous", path: "/" },
      { name: "checkout", who: "anonymous", path: "/checkout?plan=vip-yearly" },
      { name: "signin", who: "anonymous", path: "/signin" },
      { name: "signup", who: "anonymous", path: "/signup" },
      { name: "forgot-password", who: "anonymous", path: "/forgot-password" },
      { name: "reset-refused", who: "anonymous", path: `/reset-password?token=${"A".repeat(43)}` },
      { name: "problem", who: "anonymous", path: "/problem?topic=confirm&reason=link_mismatch" },
      { name: "plans-signed-in", who: "shopper", path: "/" },
      { name: "account", who: "shopper", path: "/account" },
      { name: "plan-change", who: "shopper", path: "/account/plan-change?plan=vip-yearly" },
      { name: "order", who: "shopper", path: `/orders/${ctx.orderId}` },
      { name: "receipt", who: "shopper", path: `/account/receipts/${ctx.orderId}` },
      { name: "transfer", who: "shopper", path: transferPath },
      { name: "success", who: "shopper", path: `/checkout/success?orderId=${ctx.orderId}` },
      { name: "cancel", who: "shopper", path: `/checkout/cancel?orderId=${canceledOrderId}` },
      {
        name: "open",
        who: "shopper",
        path: `/checkout/open?orderId=${openOrderId}`,
        // The page tries LINE's app link first (then falls back to the web page); Chromium
        // without the app reports the attempt as an error.
        expectedConsole: /Not allowed to launch 'line:\/\//,
        // Without the app it goes on to the web payment page after 2.5 s, mid-check.
        holdOnPage: true,
      },
      { name: "not-found", who: "shopper", path: "/orders/VIP-NOPE", status: 404 },
      { name: "forbidden", who: "shopper", path: "/admin/orders", status: 403 },
      { name: "admin-orders", who: "admin", path: "/admin/orders" },
      { name: "admin-order", who: "admin", path: `/admin/orders/${ctx.orderId}` },
      { name: "admin-subscriptions", who: "admin", path: "/admin/subscriptions" },
      {
        name: "admin-subscription",
        who: "admin",
        path: `/admin/subscriptions/${ctx.subscriptionId}`,
      },
      { name: "admin-renewals", who: "admin", path: "/admin/renewals" },
      { name: "admin-revenue", who: "admin", path: "/admin/revenue" },
      { name: "admin-audit", who: "admin", path: "/admin/audit" },
      { name: "admin-attention", who: "admin", path: "/admin/attention" },
    ];
    const contexts: Record<Who, BrowserContext> = {
      anonymous: await contextFor(browser, locale, undefined),
      shopper: await contextFor(browser, locale, await shopperContext.storageState()),
      admin: await contextFor(browser, locale, await identities.api.admin.storageState()),
    };
    const problems: string[] = [];
    for (const who of ["anonymous", "shopper", "admin"] as const) {
      const sharedPage = await contexts[who].newPage();
      const sharedSeen = watchPageProblems(sharedPage, errorsAndHydrationReports);
      for (const stop of stops.filter((s) => s.who === who)) {
        // An error page's own status reaches the console late, sometimes after the next page has
        // started; error pages and pages that move on get a tab of their own.
        const isOwnTab = stop.holdOnPage || stop.status !== undefined;
        const page = isOwnTab ? await contexts[who].newPage() : sharedPage;
        // A navigation answered 204 No Content leaves the current page where it is.
        if (stop.holdOnPage)
          await page.route(/\/web\/payment\//, (route) => route.fulfill({ status: 204 }));
        const seen = isOwnTab ? watchPageProblems(page, errorsAndHydrationReports) : sharedSeen;
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          seen.length = 0;
          const response = await page.goto(stop.path);
          await page.waitForLoadState("networkidle");
          const where = `${stop.name} at ${width}px`;
          if (response?.status() !== (stop.status ?? 200))
            problems.push(`${where}: status ${response?.status()}`);
          // Chromium logs an error page's own status as a failed load; that one is expected.
          const expected = `status of ${stop.status}`;
          problems.push(
            ...seen
              .filter((line) => !(stop.status && line.includes(expected)))
              .filter((line) => !stop.expectedConsole?.test(line))
              .map((line) => `${where}: ${line}`),
          );
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > width) problems.push(`${where}: page is ${scrollWidth}px wide`);
          if (width >= 1280) problems.push(...(await offscreenColumns(page, width, where)));
          if (width === 1280) problems.push(...(await codesInWords(page, locale, where)));
          if (SCREENSHOT_WIDTHS.has(width))
            await page.screenshot({
              path: `${SCREENSHOTS}/${locale}-${width}-${stop.name}.png`,
              fullPage: true,
            });
          if (width === 1280) await expectNoSeriousAxeViolations(page);
        }
        if (page !== sharedPage) await page.close();
      }
    }
    for (const context of Object.values(contexts)) await context.close();
    await shopperContext.close();
    expect(problems).toEqual([]);
  });
}

async function contextFor(
  browser: Browser,
  locale: "en" | "zh-TW",
  storageState: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined,
): Promise<BrowserContext> {
  const context = await browser.newContext({ storageState, baseURL: E2E_APP_URL });
  await setLocaleCookie(context, locale);
  return context;
}

/** Status and amount headings of every table must end inside the window. */
async function offscreenColumns(page: Page, width: number, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const heading of await page.locator("table th").all()) {
    const text = ((await heading.textContent()) ?? "").trim();
    if (!KEY_COLUMNS.test(text) || !(await heading.isVisible())) continue;
    const box = await heading.boundingBox();
    if (box && box.x + box.width > width) found.push(`${where}: column "${text}" is off-screen`);
  }
  return found;
}

/** Words, not codes: the page's text outside `code` and `pre` (raw data an admin may need). */
async function codesInWords(page: Page, locale: string, where: string): Promise<string[]> {
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const raw of body.querySelectorAll("code, pre, script, style")) raw.remove();
    return body.innerText;
  });
  const found: string[] = [];
  const code = RAW_CODES.exec(text);
  if (code) found.push(`${where}: shows the code ${code[0]}`);
  const name = locale === "zh-TW" ? ENGLISH_PLAN_NAMES.exec(text) : null;
  if (name) found.push(`${where}: shows the English plan name "${name[0]}"`);
  return found;
}

interface Shopper {
  api: APIRequestContext;
  userId: string;
}

/** A PENDING order of shopper A with its LINE Pay page open (the phone page lists it). */
async function openOrderOf(shopper: Shopper, planCode: string): Promise<string> {
  const checkout = await shopper.api.post("/api/linepay/checkout", {
    form: { planCode },
    maxRedirects: 0,
  });
  expect(checkout.headers().location).toMatch(/\/web\/payment\/wait\?transactionReserveId=/);
  return latestOrder(shopper.userId, "PENDING").orderId;
}

/** A CANCELED order of shopper A: checkout, then "Cancel" on the sandbox's payment page. */
async function canceledOrderOf(shopper: Shopper, planCode: string): Promise<string> {
  await openOrderOf(shopper, planCode);
  const { transactionId } = latestOrder(shopper.userId, "PENDING");
  const cancel = await fetch(`${E2E_SANDBOX_URL}/__sandbox/payments/${transactionId}/cancel`, {
    method: "POST",
  });
  const { redirectUrl } = (await cancel.json()) as { redirectUrl: string };
  await shopper.api.get(redirectUrl, { maxRedirects: 0 });
  return latestOrder(shopper.userId, "CANCELED").orderId;
}

function latestOrder(userId: string, status: string) {
  const [order] = queryDb<{ orderId: string; transactionId: string }>(
    `SELECT orderId, transactionId FROM "Order" WHERE userId = ? AND status = ? ORDER BY createdAt DESC LIMIT 1`,
    userId,
    status,
  );
  if (!order) throw new Error(`shopper has no ${status} order`);
  return order;
}
