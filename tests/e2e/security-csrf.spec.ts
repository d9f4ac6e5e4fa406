// Cross-site requests change nothing: every state-changing route handler answers a POST from another
// site (Origin, or Sec-Fetch-Site without Origin) with 403, and so does a server action; the same
// requests from our own origin work, so the refusals are not an accident.
import { type APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectProblemRedirect, queryDb, signIn, signUp, TEST_PASSWORD } from "./helpers";
import {
  ADMIN,
  CRON_BEARER,
  csrfToken,
  EVIL,
  newWatchedPage,
  subscribeMonthly,
} from "./security-helpers";
import { E2E_APP_URL } from "./stack-config";

test("cross-site POSTs to every state-changing route are refused with 403 and change nothing", async ({
  page,
}) => {
  const email = await signUp(page);
  const { subscriptionId } = await subscribeMonthly(page, email);
  const request = page.request;
  const state = () => ({
    orders: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "Order"`)[0]?.n,
    users: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "User"`)[0]?.n,
    events: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM PaymentEvent`)[0]?.n,
    runs: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM RenewalRun`)[0]?.n,
    clock: queryDb<{ offsetMs: number }>(`SELECT offsetMs FROM TestClock`)[0]?.offsetMs ?? 0,
    subscription: queryDb<{ status: string; cancelAtPeriodEnd: number }>(
      `SELECT status, cancelAtPeriodEnd FROM Subscription WHERE id = ?`,
      subscriptionId,
    )[0],
  });
  const before = state();
  expect(before.subscription?.status).toBe("ACTIVE");
  const token = await csrfToken(request);
  const posts: Array<[string, Parameters<APIRequestContext["post"]>[1]]> = [
    ["/api/linepay/checkout", { form: { planCode: "vip-30" } }],
    [`/api/subscriptions/${subscriptionId}/cancel`, {}],
    [
      "/api/account/signup",
      { data: { email: "csrf-victim@example.com", password: TEST_PASSWORD } },
    ],
    [
      "/api/auth/callback/credentials",
      { form: { email: ADMIN.email, password: ADMIN.password, csrfToken: token, json: "true" } },
    ],
    ["/api/auth/signout", { form: { csrfToken: token, json: "true" } }],
    ["/api/linepay/renewals", { headers: CRON_BEARER }],
    ["/api/linepay/reconcile", { headers: CRON_BEARER }],
    ["/api/test-clock", { headers: CRON_BEARER, data: { advanceMs: 60_000 } }],
  ];
  const crossSiteHeaders: Array<Record<string, string>> = [
    { Origin: EVIL },
    { "Sec-Fetch-Site": "cross-site" },
    { Origin: "null" },
  ];
  let ownCancelStatus = 0;
  try {
    for (const crossSite of crossSiteHeaders) {
      for (const [path, options] of posts) {
        const response = await request.post(path, {
          ...options,
          headers: { ...options?.headers, ...crossSite },
          maxRedirects: 0,
        });
        const where = `${path} ${JSON.stringify(crossSite)}`;
        // JSON 403 for APIs; the shop's own form posts go to the problem page, which says so.
        const isShopForm =
          path === "/api/linepay/checkout" || path.startsWith("/api/subscriptions/");
        if (isShopForm) {
          expectProblemRedirect(response, { reason: "cross_origin" });
        } else {
          expect(response.status(), where).toBe(403);
          expect(await response.text(), where).toMatch(/"code":"cross_origin"/);
        }
      }
    }
    expect(state()).toEqual(before);
    // Still signed in: the cross-site sign-out did nothing.
    expect(
      ((await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } })
        .user?.email,
    ).toBe(email);
  } finally {
    // Control: the same cancel from our own origin works. Also in `finally`, so no live subscription
    // is left for the renewal suites that run later, whatever happened above.
    ownCancelStatus = (
      await request.post(`/api/subscriptions/${subscriptionId}/cancel`, {
        headers: { Origin: E2E_APP_URL },
        maxRedirects: 0,
      })
    ).status();
  }
  expect(ownCancelStatus).toBe(303);
  expect(state().subscription).toMatchObject({ status: "CANCELED", cancelAtPeriodEnd: 1 });
});

test("a server action posted from another site is refused and changes nothing", async ({
  browser,
}) => {
  const { context, page } = await newWatchedPage(browser);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/renewals");
  // Capture the page's real "Run now" server action request, and stop it there.
  let captured: { url: string; headers: Record<string, string>; body: Buffer | null } | undefined;
  await page.route("**/admin/renewals", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = {
      url: route.request().url(),
      headers: await route.request().allHeaders(),
      body: route.request().postDataBuffer(),
    };
    await route.abort();
  });
  await page.getByRole("button", { name: /^Run now/ }).click();
  await expect.poll(() => captured?.headers["next-action"]).toBeTruthy();
  const action = captured as NonNullable<typeof captured>;
  const { origin: _origin, "content-length": _length, ...withoutOrigin } = action.headers;
  const runsStarted = () =>
    queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM AuditEntry WHERE action = 'renewals.run'`)[0]
      ?.n;
  const before = runsStarted();
  for (const headers of [
    { ...withoutOrigin, origin: EVIL },
    { ...withoutOrigin, "sec-fetch-site": "cross-site" },
  ]) {
    const response = await context.request.post(action.url, {
      headers,
      data: action.body ?? undefined,
      maxRedirects: 0,
    });
    expect(response.ok(), JSON.stringify(headers)).toBe(false);
  }
  expect(runsStarted()).toBe(before);
  // Control: the very same request from our own origin does start a run.
  const allowed = await context.request.post(action.url, {
    headers: { ...withoutOrigin, origin: E2E_APP_URL },
    data: action.body ?? undefined,
  });
  expect(allowed.status()).toBe(200);
  expect(runsStarted()).toBe((before ?? 0) + 1);
  await context.close();
});
