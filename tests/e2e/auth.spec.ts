// Signing in and out, and what anonymous visitors are sent to.
import { expect, test } from "./fixtures";
import { signUp, TEST_PASSWORD } from "./helpers";

test("the seeded demo shopper signs in; a wrong password is refused with a message", async ({
  page,
}) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("shopper@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Password").fill("shopper-demo-1");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText("shopper@example.com");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(
    page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Sign in", exact: true }),
  ).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});

test("anonymous visitors are asked to sign in before buying or viewing an account", async ({
  page,
}) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Sign in to buy" }).first()).toBeVisible();
});

test("signing in from a plan's 'Sign in to buy' lands on that plan's checkout, with its dates, and pays from there", async ({
  page,
  browser,
}) => {
  const account = await browser.newContext();
  const email = await signUp(await account.newPage());
  await account.close();

  await page.goto("/");
  await page.getByTestId("plan-vip-90").getByRole("link", { name: "Sign in to buy" }).click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fcheckout%3Fplan%3Dvip-90/);
  await page.locator("main input[name=email]").fill(email);
  await page.locator("main input[name=password]").fill(TEST_PASSWORD);
  await page.locator("main form.stack button[type=submit]").click();
  await expect(page).toHaveURL(/\/checkout\?plan=vip-90$/);
  const card = page.getByTestId("plan-vip-90");
  await expect(card.getByTestId("plan-covers")).toContainText("Bought now: VIP from");
  await card.getByRole("button", { name: "Buy with LINE Pay" }).click();
  await expect(page).toHaveURL(/\/web\/payment\/wait\?transactionReserveId=/);
});

test("signing up with a registered email does not say it is registered, and signs nobody in", async ({
  page,
}) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("shopper@example.com");
  await page.getByLabel("Password (8 to 72 characters)").fill("another password");
  const answer = page.waitForResponse("**/api/account/signup");
  await page.getByRole("button", { name: "Create account" }).click();
  // The same answer a new email gets; only the password decides whether a sign-in follows.
  expect((await answer).status()).toBe(202);
  await expect(page.locator("p[role=alert]")).toHaveText(
    "We could not sign you in with this password. If this email already has an account, sign in with its password.",
  );
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});
