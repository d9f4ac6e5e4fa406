// Rate limits over HTTP and in the forms: wrong passwords lock an email, checkouts per shopper, and
// sign-ups and sign-in attempts per IP, each answered with 429, Retry-After and readable words.
import { expect, test } from "./fixtures";
import { expectProblemRedirect, queryDb, signUp, TEST_PASSWORD } from "./helpers";
import { csrfToken, newWatchedPage } from "./security-helpers";
import { E2E_APP_URL } from "./stack-config";

test("wrong passwords lock an email with a readable message and a 429; too many checkouts (or re-binds) get a 429 page", async ({
  browser,
}) => {
  const signUpContext = await browser.newContext();
  const email = await signUp(await signUpContext.newPage());
  await signUpContext.close();
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
  await expect(page.locator("#signin-error")).toHaveText(
    "Too many sign-in attempts. Please wait a few minutes and try again.",
  );
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  const refused = await context.request.post("/api/auth/callback/credentials", {
    form: {
      email,
      password: TEST_PASSWORD,
      csrfToken: await csrfToken(context.request),
      json: "true",
    },
  });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await refused.json()).toMatchObject({
    error: { code: "rate_limited", message: expect.stringMatching(/^Too many sign-in attempts/) },
  });
  await context.close();

  // Checkout: ten payment requests per shopper per ten minutes, then the problem page.
  const buyer = await newWatchedPage(browser);
  const buyerEmail = await signUp(buyer.page);
  // Two plans in turn: a second tap on a plan reuses its open order, so ten requests make two orders.
  const checkout = (planCode: string) =>
    buyer.context.request.post("/api/linepay/checkout", {
      form: { planCode },
      headers: { Origin: E2E_APP_URL },
      maxRedirects: 0,
    });
  for (let i = 0; i < 10; i++)
    expect((await checkout(i % 2 ? "vip-30" : "vip-90")).status()).toBe(303);
  const limited = await checkout("vip-365");
  expectProblemRedirect(limited, { topic: "checkout", reason: "rate_limited" });
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(
    queryDb<{ n: number }>(
      `SELECT COUNT(*) AS n FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`,
      buyerEmail,
    )[0]?.n,
  ).toBe(2); // ten payment pages asked for, one open order per plan reused, none for the refused one
  // A re-bind also asks LINE Pay for a payment page: the same limit refuses it before anything is read or written.
  const rebind = await buyer.context.request.post("/api/subscriptions/abc123/rebind", {
    headers: { Origin: E2E_APP_URL },
    maxRedirects: 0,
  });
  expectProblemRedirect(rebind, { topic: "subscription", reason: "rate_limited" });
  expect(Number(rebind.headers()["retry-after"])).toBeGreaterThan(0);
  expect(
    queryDb<{ n: number }>(
      `SELECT COUNT(*) AS n FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`,
      buyerEmail,
    )[0]?.n,
  ).toBe(2); // ten payment pages asked for, one open order per plan reused, none for the refused one
  await buyer.context.close();
});

/** Per-IP windows are whole minutes: start a burst early in one so it cannot straddle two. */
async function waitForFreshMinute(latestStartMs: number): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > latestStartMs)
    await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
}

test("one IP gets 20 sign-ups and 30 sign-in attempts a minute, then a 429 the forms put in words", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  // Another client address (the rightmost X-Forwarded-For entry), so the suite's own budget is untouched.
  const context = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.7" },
  });
  const users = () => queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "User"`)[0]?.n ?? 0;
  // 20 password hashes on a busy machine: leave them most of the minute.
  await waitForFreshMinute(5_000);
  const before = users();
  for (let i = 0; i < 20; i++) {
    const created = await context.request.post("/api/account/signup", {
      data: { email: `burst-${i}-${Date.now()}@example.com`, password: TEST_PASSWORD },
    });
    expect(created.status()).toBe(202);
  }
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(`burst-over-${Date.now()}@example.com`);
  await page.getByLabel("Password (8 to 72 characters)").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#signup-error")).toHaveText(
    "Too many accounts were created from your network just now. Please wait a minute and try again.",
  );
  const refused = await context.request.post("/api/account/signup", {
    data: { email: `burst-api-${Date.now()}@example.com`, password: TEST_PASSWORD },
  });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
  expect(users()).toBe(before + 20);
  await context.close();

  const signInContext = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.8" },
  });
  await waitForFreshMinute(20_000);
  const attempt = async (email: string) =>
    signInContext.request.post("/api/auth/callback/credentials", {
      form: {
        email,
        password: "not the password",
        csrfToken: await csrfToken(signInContext.request),
        json: "true",
      },
    });
  for (let i = 0; i < 30; i++)
    expect((await attempt(`nobody-${i}@example.com`)).status()).toBe(401);
  const limited = await attempt("nobody-else@example.com");
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  await signInContext.close();
});
