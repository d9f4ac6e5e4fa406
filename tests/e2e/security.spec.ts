// Security in the browser and over HTTP: the CSP lets every page (shop, checkout to the sandbox and
// back, admin) work with no violation; cross-site POSTs change nothing; rate limits answer 429 with
// readable words; no redirect parameter leads off-site; and no secret (channel secret, auth secret,
// encryption keys, cron secret, the regKeys LINE Pay issued) shows up in the client bundle, the
// pages, the API answers or the app's logs. The tests share one shopper, so they run in order.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { findSecrets, keyringSecrets, type NamedSecret } from "../helpers/secret-scanner";
import { queryDb, signIn, signUp, startPurchase, TEST_PASSWORD } from "./helpers";
import { E2E_APP_LOG, E2E_APP_URL, E2E_CRON_SECRET, E2E_SANDBOX_PORT, E2E_SANDBOX_URL, E2E_SECRETS_FILE } from "./stack-config";

test.describe.configure({ mode: "serial" });

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };
const EVIL = "https://evil.example";
const bearer = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

/** Every body the app sent to a browser or to the tests' requests, scanned for secrets at the end. */
const seenBodies: Array<{ where: string; text: string }> = [];
let shopper: { email: string; context: BrowserContext } | undefined;
let subscriptionId = "";

function watch(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|securitypolicyviolation/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  page.on("response", async (response) => {
    if (!response.url().startsWith(E2E_APP_URL) || response.status() >= 300 && response.status() < 400) return;
    if (!["document", "fetch", "xhr"].includes(response.request().resourceType())) return;
    const text = await response.text().catch(() => null);
    if (text !== null) seenBodies.push({ where: response.url(), text });
  });
  return violations;
}

async function newWatchedPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext();
  // Reported by the browser for anything the policy blocks, including what never reaches the console.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`securitypolicyviolation ${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  return { context, page, violations: watch(page) };
}

async function recordBody(where: string, response: { text(): Promise<string> }): Promise<string> {
  const text = await response.text();
  seenBodies.push({ where, text });
  return text;
}

async function csrfToken(request: APIRequestContext): Promise<string> {
  return ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

test("every page works under the Content-Security-Policy, with its security headers, and no violation", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page, violations } = await newWatchedPage(browser);

  const signInPage = await page.goto("/signin");
  const headers = signInPage?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain(`form-action 'self' http://localhost:${E2E_SANDBOX_PORT} line:`);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  // APP_ENV=test over http: no HSTS (it would pin localhost to https).
  expect(headers["strict-transport-security"]).toBeUndefined();
  // Every script Next.js wrote carries this response's nonce, and a second response gets a new one.
  expect(await page.evaluate((n) => [...document.scripts].length > 0 && [...document.scripts].every((s) => s.nonce === n), nonce)).toBe(true);
  const again = (await page.request.get("/signin")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);

  const email = await signUp(page);
  await startPurchase(page);
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await page.goto("/");
  await page.getByRole("article").filter({ hasText: "VIP Monthly" }).getByRole("button", { name: "Subscribe with LINE Pay" }).click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByTestId("subscription-status")).toHaveText("ACTIVE");
  const [subscription] = queryDb<{ id: string; orderId: string }>(
    `SELECT s.id, o.orderId FROM Subscription s JOIN "User" u ON u.id = s.userId JOIN "Order" o ON o.subscriptionId = s.id WHERE u.email = ?`,
    email,
  );
  subscriptionId = subscription?.id ?? "";
  shopper = { email, context };

  const admin = await newWatchedPage(browser);
  await signIn(admin.page, ADMIN.email, ADMIN.password);
  for (const path of ["/admin", "/admin/orders", `/admin/orders/${subscription?.orderId}`, "/admin/subscriptions", `/admin/subscriptions/${subscriptionId}`, "/admin/renewals", "/admin/revenue", "/admin/audit"]) {
    const response = await admin.page.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    await expect(admin.page.locator("h1")).toBeVisible();
  }
  // Charts are drawn by client-side JavaScript: proof that the admin's scripts ran.
  await admin.page.goto("/admin/revenue");
  await expect(admin.page.locator("svg.recharts-surface").first()).toBeVisible();
  await admin.context.close();

  expect([...violations, ...admin.violations]).toEqual([]);

  // Control: the watcher does see a violation when the policy blocks something.
  const control = await newWatchedPage(browser);
  await control.page.goto("/");
  await control.page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img alt="" src="http://127.0.0.1:9/blocked.png">'));
  await expect.poll(() => control.violations.length).toBeGreaterThan(0);
  await control.context.close();
});

test("cross-site POSTs to every state-changing route are refused with 403 and change nothing", async () => {
  expect(shopper).toBeDefined();
  const request = (shopper as { context: BrowserContext }).context.request;
  const state = () => ({
    orders: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "Order"`)[0]?.n,
    users: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "User"`)[0]?.n,
    events: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM PaymentEvent`)[0]?.n,
    runs: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM RenewalRun`)[0]?.n,
    clock: queryDb<{ offsetMs: number }>(`SELECT offsetMs FROM TestClock`)[0]?.offsetMs ?? 0,
    subscription: queryDb<{ status: string; cancelAtPeriodEnd: number }>(`SELECT status, cancelAtPeriodEnd FROM Subscription WHERE id = ?`, subscriptionId)[0],
  });
  const before = state();
  expect(before.subscription?.status).toBe("ACTIVE");
  const token = await csrfToken(request);
  const posts: Array<[string, Parameters<APIRequestContext["post"]>[1]]> = [
    ["/api/linepay/checkout", { form: { planCode: "vip-30" } }],
    [`/api/subscriptions/${subscriptionId}/cancel`, {}],
    ["/api/account/signup", { data: { email: "csrf-victim@example.com", password: TEST_PASSWORD } }],
    ["/api/auth/callback/credentials", { form: { email: ADMIN.email, password: ADMIN.password, csrfToken: token, json: "true" } }],
    ["/api/auth/signout", { form: { csrfToken: token, json: "true" } }],
    ["/api/linepay/renewals", { headers: bearer }],
    ["/api/test-clock", { headers: bearer, data: { advanceMs: 60_000 } }],
  ];
  const crossSiteHeaders: Array<Record<string, string>> = [{ Origin: EVIL }, { "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }];
  for (const crossSite of crossSiteHeaders) {
    for (const [path, options] of posts) {
      const response = await request.post(path, { ...options, headers: { ...options?.headers, ...crossSite }, maxRedirects: 0 });
      expect(response.status(), `${path} ${JSON.stringify(crossSite)}`).toBe(403);
      await recordBody(path, response);
    }
  }
  expect(state()).toEqual(before);
  // Still signed in: the cross-site sign-out did nothing.
  expect(((await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } }).user?.email).toBe(shopper?.email);

  // Control: the same cancel from our own origin works (and leaves no live subscription behind to
  // be renewed by the later suites).
  const cancel = await request.post(`/api/subscriptions/${subscriptionId}/cancel`, { headers: { Origin: E2E_APP_URL }, maxRedirects: 0 });
  expect(cancel.status()).toBe(303);
  expect(state().subscription).toMatchObject({ status: "CANCELED", cancelAtPeriodEnd: 1 });
});

test("a server action posted from another site is refused and changes nothing", async ({ browser }) => {
  const { context, page } = await newWatchedPage(browser);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/renewals");
  // Capture the page's real "Run now" server action request, and stop it there.
  let captured: { url: string; headers: Record<string, string>; body: Buffer | null } | undefined;
  await page.route("**/admin/renewals", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { url: route.request().url(), headers: await route.request().allHeaders(), body: route.request().postDataBuffer() };
    await route.abort();
  });
  await page.getByRole("button", { name: /^Run now/ }).click();
  await expect.poll(() => captured?.headers["next-action"]).toBeTruthy();
  const action = captured as NonNullable<typeof captured>;
  const { origin: _origin, "content-length": _length, ...withoutOrigin } = action.headers;
  const runsStarted = () => queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM AuditEntry WHERE action = 'renewals.run'`)[0]?.n;
  const before = runsStarted();
  for (const headers of [{ ...withoutOrigin, origin: EVIL }, { ...withoutOrigin, "sec-fetch-site": "cross-site" }]) {
    const response = await context.request.post(action.url, { headers, data: action.body ?? undefined, maxRedirects: 0 });
    expect(response.ok(), JSON.stringify(headers)).toBe(false);
  }
  expect(runsStarted()).toBe(before);
  // Control: the very same request from our own origin does start a run.
  const allowed = await context.request.post(action.url, { headers: { ...withoutOrigin, origin: E2E_APP_URL }, data: action.body ?? undefined });
  expect(allowed.status()).toBe(200);
  expect(runsStarted()).toBe((before ?? 0) + 1);
  await context.close();
});

test("wrong passwords lock an email with a readable message and a 429; too many checkouts get a 429 page", async ({ browser }) => {
  const email = shopper?.email as string;
  const { context, page } = await newWatchedPage(browser);
  await page.goto("/signin");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.locator("main input[name=email]").fill(email);
    await page.locator("main input[name=password]").fill(`wrong password ${attempt}`);
    await page.locator("main form.stack button[type=submit]").click();
    await expect(page.locator("#signin-error")).toHaveText("Email or password is incorrect.");
    await expect(page.locator("main form.stack button[type=submit]")).toBeEnabled();
  }
  // The sixth try is refused before the password is checked, even the right one.
  await page.locator("main input[name=password]").fill(TEST_PASSWORD);
  await page.locator("main form.stack button[type=submit]").click();
  await expect(page.locator("#signin-error")).toHaveText("Too many sign-in attempts. Please wait a few minutes and try again.");
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  const refused = await context.request.post("/api/auth/callback/credentials", {
    form: { email, password: TEST_PASSWORD, csrfToken: await csrfToken(context.request), json: "true" },
  });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(JSON.parse(await recordBody("sign-in 429", refused))).toMatchObject({ error: { code: "rate_limited", message: expect.stringMatching(/^Too many sign-in attempts/) } });
  await context.close();

  // Checkout: ten payment requests per shopper per ten minutes, then a readable 429 page.
  const buyer = await newWatchedPage(browser);
  const buyerEmail = await signUp(buyer.page);
  const checkout = () => buyer.context.request.post("/api/linepay/checkout", { form: { planCode: "vip-30" }, headers: { Origin: E2E_APP_URL }, maxRedirects: 0 });
  for (let i = 0; i < 10; i++) expect((await checkout()).status()).toBe(303);
  const limited = await checkout();
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await recordBody("checkout 429", limited)).toMatch(/<h1>Too many purchases started<\/h1>/);
  expect(queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`, buyerEmail)[0]?.n).toBe(10);
  await buyer.context.close();
});

/** Per-IP windows are whole minutes: start a burst early in one so it cannot straddle two. */
async function waitForFreshMinute(latestStartMs: number): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > latestStartMs) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
}

test("one IP gets 20 sign-ups and 30 sign-in attempts a minute, then a 429 the forms put in words", async ({ browser }) => {
  test.setTimeout(240_000);
  // Another client address (the rightmost X-Forwarded-For entry), so the suite's own budget is untouched.
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.7" } });
  const users = () => queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "User"`)[0]?.n ?? 0;
  // 20 password hashes on a busy machine: leave them most of the minute.
  await waitForFreshMinute(5_000);
  const before = users();
  for (let i = 0; i < 20; i++) {
    const created = await context.request.post("/api/account/signup", { data: { email: `burst-${i}-${Date.now()}@example.com`, password: TEST_PASSWORD } });
    expect(created.status()).toBe(201);
  }
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(`burst-over-${Date.now()}@example.com`);
  await page.getByLabel("Password (8 to 72 characters)").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#signup-error")).toHaveText("Too many accounts were created from your network just now. Please wait a minute and try again.");
  const refused = await context.request.post("/api/account/signup", { data: { email: `burst-api-${Date.now()}@example.com`, password: TEST_PASSWORD } });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(JSON.parse(await recordBody("sign-up 429", refused))).toMatchObject({ error: { code: "rate_limited" } });
  expect(users()).toBe(before + 20);
  await context.close();

  const signInContext = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.8" } });
  await waitForFreshMinute(20_000);
  const attempt = async (email: string) =>
    signInContext.request.post("/api/auth/callback/credentials", { form: { email, password: "not the password", csrfToken: await csrfToken(signInContext.request), json: "true" } });
  for (let i = 0; i < 30; i++) expect((await attempt(`nobody-${i}@example.com`)).status()).toBe(401);
  const limited = await attempt("nobody-else@example.com");
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  await signInContext.close();
});

test("no redirect parameter sends anyone to another site", async ({ browser }) => {
  const hostile = ["//evil.example", EVIL, "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "https:evil.example", " https://evil.example", `${E2E_APP_URL}.evil.example/`, "http://evil.example@localhost/"];
  const { context, page } = await newWatchedPage(browser);
  const isOurs = (target: string) => new URL(target, E2E_APP_URL).origin === E2E_APP_URL;

  for (const value of hostile) {
    const q = encodeURIComponent(value);
    // The sign-in and sign-up pages pass on only a path of ours.
    for (const path of [`/signin?callbackUrl=${q}`, `/signup?callbackUrl=${q}`]) {
      await page.goto(path);
      const link = await page.locator("main p a[href*='callbackUrl=']").getAttribute("href");
      expect(isOurs(new URL(link as string, E2E_APP_URL).searchParams.get("callbackUrl") as string), `${path} → ${link}`).toBe(true);
    }
    // next-auth's own endpoints: its redirect callback refuses other origins.
    const signInRedirect = await context.request.get(`/api/auth/signin?callbackUrl=${q}`, { maxRedirects: 0 });
    const location = signInRedirect.headers().location ?? "";
    expect(isOurs(location), location).toBe(true);
    expect(isOurs(new URL(location, E2E_APP_URL).searchParams.get("callbackUrl") ?? "/"), location).toBe(true);
    const signOut = await context.request.post("/api/auth/signout", { form: { csrfToken: await csrfToken(context.request), callbackUrl: value, json: "true" } });
    expect(isOurs(((await signOut.json()) as { url: string }).url), `signout ${value}`).toBe(true);
  }
  // A real sign-in through next-auth with a hostile callbackUrl lands on our site.
  const signedIn = await context.request.post("/api/auth/callback/credentials", {
    form: { email: ADMIN.email, password: ADMIN.password, callbackUrl: EVIL, csrfToken: await csrfToken(context.request), json: "true" },
  });
  expect(signedIn.status()).toBe(200);
  expect(isOurs(((await signedIn.json()) as { url: string }).url)).toBe(true);
  // And in the browser: the sign-in form goes where the page says, which is home.
  await context.clearCookies();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("//evil.example")}`);
  await page.locator("main input[name=email]").fill(ADMIN.email);
  await page.locator("main input[name=password]").fill(ADMIN.password);
  await page.locator("main form.stack button[type=submit]").click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email);
  await expect(page).toHaveURL(`${E2E_APP_URL}/`);
  await context.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test("no secret appears in the client bundle, the pages, the API answers or the app's logs", async ({ request }) => {
  const stackSecrets = JSON.parse(readFileSync(E2E_SECRETS_FILE, "utf8")) as Record<string, string>;
  const ledgerText = await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`)).text();
  const regKeys = [...new Set((JSON.parse(ledgerText) as { regKeys: Array<{ regKey: string }> }).regKeys.map((k) => k.regKey))];
  expect(regKeys.length).toBeGreaterThan(0);
  const secrets: NamedSecret[] = [
    { name: "LINEPAY_CHANNEL_SECRET", value: stackSecrets.LINEPAY_CHANNEL_SECRET as string },
    { name: "NEXTAUTH_SECRET", value: stackSecrets.NEXTAUTH_SECRET as string },
    { name: "CRON_SECRET", value: stackSecrets.CRON_SECRET as string },
    ...keyringSecrets(stackSecrets.REGKEY_ENCRYPTION_KEYS as string),
    ...regKeys.map((value, i) => ({ name: `regKey[${i}]`, value })),
  ];
  // The scanner can see them: the sandbox's own ledger does hold the regKeys.
  expect(findSecrets("sandbox ledger", ledgerText, secrets).length).toBeGreaterThan(0);

  // API answers not yet seen: the session, the admin's CSV and run progress, a renewal run, the clock.
  const admin = await request.post("/api/auth/callback/credentials", {
    form: { email: ADMIN.email, password: ADMIN.password, csrfToken: await csrfToken(request), json: "true" },
  });
  expect(admin.status()).toBe(200);
  for (const path of ["/api/auth/session", "/api/auth/providers", "/api/health", "/api/admin/orders/export", "/api/admin/renewals/progress?runnerId=admin-00000000"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    await recordBody(path, response);
  }
  await recordBody("renewal run", await request.post("/api/linepay/renewals", { headers: bearer }));
  await recordBody("test clock", await request.get("/api/test-clock", { headers: bearer }));
  expect(seenBodies.filter((b) => b.text.includes("<html")).length).toBeGreaterThan(10);

  const bundle = filesUnder(".next/static");
  expect(bundle.some((f) => f.endsWith(".js"))).toBe(true);
  const findings = [
    ...bundle.flatMap((file) => findSecrets(file, readFileSync(file, "latin1"), secrets)),
    ...seenBodies.flatMap(({ where, text }) => findSecrets(where, text, secrets)),
    ...findSecrets(E2E_APP_LOG, readFileSync(E2E_APP_LOG, "utf8"), secrets),
  ];
  expect(findings).toEqual([]);
  // The build ran before this stack's secrets existed, so also check that no server-only setting is
  // even named in the browser's code: that would mean server config was bundled for the client.
  const named = bundle.filter((file) => /LINEPAY_CHANNEL_SECRET|NEXTAUTH_SECRET|REGKEY_ENCRYPTION_KEYS|CRON_SECRET|DATABASE_URL/.test(readFileSync(file, "latin1")));
  expect(named).toEqual([]);
});
