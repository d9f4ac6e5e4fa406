// Shared by the security specs: a browser page whose CSP violations (and, when asked, the app's
// response bodies) are recorded, next-auth's CSRF token, and a VIP Monthly subscription.
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { queryDb } from "./helpers";
import { E2E_APP_URL, E2E_CRON_SECRET } from "./stack-config";

export const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };
export const EVIL = "https://evil.example";
export const CRON_BEARER = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

export interface SeenBody {
  where: string;
  text: string;
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  violations: string[];
}

/** A fresh context and page; every CSP violation is collected, and app bodies into `bodies` if given. */
export async function newWatchedPage(browser: Browser, bodies?: SeenBody[]): Promise<WatchedPage> {
  const context = await browser.newContext();
  // Reported by the browser for anything the policy blocks, including what never reaches the console.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`securitypolicyviolation ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|securitypolicyviolation/i.test(message.text()))
      violations.push(`${page.url()}: ${message.text()}`);
  });
  if (bodies) {
    page.on("response", async (response) => {
      const isRedirect = response.status() >= 300 && response.status() < 400;
      if (!response.url().startsWith(E2E_APP_URL) || isRedirect) return;
      if (!["document", "fetch", "xhr"].includes(response.request().resourceType())) return;
      const text = await response.text().catch(() => null);
      if (text !== null) bodies.push({ where: response.url(), text });
    });
  }
  return { context, page, violations };
}

export async function recordBody(
  bodies: SeenBody[],
  where: string,
  response: { text(): Promise<string> },
): Promise<string> {
  const text = await response.text();
  bodies.push({ where, text });
  return text;
}

export async function csrfToken(request: APIRequestContext): Promise<string> {
  return ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

/** Subscribes the signed-in shopper to VIP Monthly through the sandbox's payment page. */
export async function subscribeMonthly(
  page: Page,
  email: string,
): Promise<{ subscriptionId: string; orderId: string }> {
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: "VIP Monthly" })
    .getByRole("button", { name: "Subscribe with LINE Pay" })
    .click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  const [row] = queryDb<{ id: string; orderId: string }>(
    `SELECT s.id, o.orderId FROM Subscription s JOIN "User" u ON u.id = s.userId JOIN "Order" o ON o.subscriptionId = s.id WHERE u.email = ?`,
    email,
  );
  expect(row).toBeDefined();
  return { subscriptionId: row?.id as string, orderId: row?.orderId as string };
}
