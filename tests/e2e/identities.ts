// The five callers of the authorization matrix and the fuzz tests, made once per worker (two
// sign-ups in all, so sign-up rate limits are not hit): anonymous, shopper A (who owns a paid
// order and a live subscription), shopper B (another shopper), the seeded admin, and a caller with
// only the cron bearer secret. Each is an API request context with its own cookies.
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { expect, test as base } from "./fixtures";
import { queryDb, uniqueEmail, TEST_PASSWORD } from "./helpers";
import type { CatalogContext, Identity } from "./route-catalog";
import { E2E_APP_URL, E2E_CRON_SECRET, E2E_SANDBOX_URL } from "./stack-config";

export const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };

export interface Identities {
  api: Record<Identity, APIRequestContext>;
  ctx: CatalogContext;
  shopperAId: string;
}

async function signedIn(email: string, password: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: E2E_APP_URL });
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  const session = (await (await api.get("/api/auth/session")).json()) as {
    user?: { email?: string };
  };
  expect(session.user?.email, `signed in as ${email}`).toBe(email);
  return api;
}

async function signedUp(): Promise<{ api: APIRequestContext; email: string }> {
  const email = uniqueEmail("matrix");
  const anonymous = await playwrightRequest.newContext({ baseURL: E2E_APP_URL });
  expect(
    (
      await anonymous.post("/api/account/signup", { data: { email, password: TEST_PASSWORD } })
    ).status(),
  ).toBe(202);
  await anonymous.dispose();
  return { api: await signedIn(email, TEST_PASSWORD), email };
}

/** Checkout → approve at the sandbox → LINE Pay's confirm redirect, all over HTTP. */
export async function buy(
  api: APIRequestContext,
  email: string,
  planCode: string,
): Promise<{ orderId: string; transactionId: string }> {
  const checkout = await api.post("/api/linepay/checkout", { form: { planCode }, maxRedirects: 0 });
  expect(checkout.status()).toBe(303);
  const [order] = queryDb<{ orderId: string; transactionId: string }>(
    `SELECT o.orderId, o.transactionId FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ? ORDER BY o.createdAt DESC LIMIT 1`,
    email,
  );
  const approve = await fetch(
    `${E2E_SANDBOX_URL}/__sandbox/payments/${order!.transactionId}/approve`,
    { method: "POST" },
  );
  const { redirectUrl } = (await approve.json()) as { redirectUrl: string };
  const confirm = await api.get(redirectUrl, { maxRedirects: 0 });
  expect(confirm.headers().location).toContain("/checkout/success");
  return order!;
}

export const test = base.extend<object, { identities: Identities }>({
  identities: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const a = await signedUp();
      const b = await signedUp();
      const paid = await buy(a.api, a.email, "vip-30");
      await buy(a.api, a.email, "vip-monthly");
      const [user] = queryDb<{ id: string }>(`SELECT id FROM "User" WHERE email = ?`, a.email);
      const [subscription] = queryDb<{ id: string }>(
        `SELECT id FROM Subscription WHERE userId = ? AND status = 'ACTIVE'`,
        user!.id,
      );
      const api: Record<Identity, APIRequestContext> = {
        anonymous: await playwrightRequest.newContext({ baseURL: E2E_APP_URL }),
        shopperA: a.api,
        shopperB: b.api,
        admin: await signedIn(ADMIN.email, ADMIN.password),
        cron: await playwrightRequest.newContext({
          baseURL: E2E_APP_URL,
          extraHTTPHeaders: { Authorization: `Bearer ${E2E_CRON_SECRET}` },
        }),
      };
      await use({
        api,
        ctx: { ...paid, subscriptionId: subscription!.id, takenEmail: a.email },
        shopperAId: user!.id,
      });
      for (const context of Object.values(api)) await context.dispose();
    },
    { scope: "worker" },
  ],
});

export { expect };
