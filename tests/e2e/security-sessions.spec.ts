// Sessions end when the shopper says so. A copy of the session cookie saved before signing out (or
// before a password change) used to keep working for its 30 days; now the account page sends it to
// sign-in. The password form lives on the account page in both languages.
import type { Browser, Cookie, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { TEST_PASSWORD, setLocaleCookie, signIn, signUp } from "./helpers";

const sessionCookies = async (page: Page): Promise<Cookie[]> =>
  (await page.context().cookies()).filter((c) => c.name.includes("session-token"));

/** Opens /account in a fresh browser holding only the saved cookies: where does it end up? */
async function replay(browser: Browser, cookies: Cookie[]): Promise<string> {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto("/account");
  const url = page.url();
  await context.close();
  return url;
}

test("a session cookie saved before signing out no longer opens the account", async ({
  page,
  browser,
}) => {
  await signUp(page);
  const saved = await sessionCookies(page);
  expect(saved).not.toHaveLength(0);
  expect(await replay(browser, saved)).toMatch(/\/account$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  expect(await replay(browser, saved)).toMatch(/\/signin\?callbackUrl=%2Faccount/);
});

test("changing the password checks the current one, signs out everywhere, and only the new one signs in", async ({
  page,
  browser,
}) => {
  const email = await signUp(page);
  const saved = await sessionCookies(page);
  await page.goto("/account");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password (8 to 72 characters)").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#password-error")).toHaveText("The current password is incorrect.");
  expect(await replay(browser, saved)).toMatch(/\/account$/);

  await page.getByLabel("Current password").fill(TEST_PASSWORD);
  await page.getByLabel("New password (8 to 72 characters)").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/signin\?notice=passwordChanged/);
  await expect(page.getByTestId("signin-notice")).toHaveText(
    "Your password was changed and you were signed out everywhere. Sign in with your new password.",
  );
  expect(await replay(browser, saved)).toMatch(/\/signin/);
  await page.locator("main input[name=email]").fill(email);
  await page.locator("main input[name=password]").fill(TEST_PASSWORD);
  await page.locator("main form.stack button[type=submit]").click();
  await expect(page.locator("#signin-error")).toHaveText("Email or password is incorrect.");
  await signIn(page, email, "a brand new password");
});

test("the password form speaks zh-TW", async ({ page }) => {
  await signUp(page);
  await setLocaleCookie(page.context(), "zh-TW");
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "密碼" })).toBeVisible();
  await page.getByLabel("目前的密碼").fill("not my password");
  await page.getByLabel("新密碼（8 到 72 個字元）").fill("a brand new password");
  await page.getByRole("button", { name: "變更密碼" }).click();
  await expect(page.locator("#password-error")).toHaveText("目前的密碼不正確。");
});
