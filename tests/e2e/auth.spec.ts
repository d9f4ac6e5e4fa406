// Signing in and out, and what anonymous visitors are sent to.
import { expect, test } from "./fixtures";

test("the seeded demo shopper signs in; a wrong password is refused with a message", async ({
  page,
}) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("shopper@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Password").fill("shopper-demo-1");
  await page.getByRole("button", { name: "Sign in" }).click();
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

test("signing up twice with the same email is refused with a clear message", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("shopper@example.com");
  await page.getByLabel("Password (8 to 72 characters)").fill("another password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("This email is already registered");
});
