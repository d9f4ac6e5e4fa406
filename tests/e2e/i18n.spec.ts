// Languages: the shop in English by default, in Traditional Chinese (Taiwan) when the shopper
// chooses it or their browser asks for it, with TWD amounts written without decimals.
import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { setLocaleCookie, signUp } from "./helpers";
import { E2E_APP_URL } from "./stack-config";

// The seeded plans' prices as the zh-TW shop must show them: NT$, no decimals.
const ZH_TW_PRICES = {
  "vip-30": "NT$300",
  "vip-90": "NT$750",
  "vip-365": "NT$2,490",
  "vip-monthly": "NT$149",
  "vip-yearly": "NT$1,490",
};

async function expectZhTwPlans(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("成為 VIP 會員");
  for (const [code, price] of Object.entries(ZH_TW_PRICES)) {
    await expect(page.getByTestId(`plan-${code}`).getByTestId("plan-price")).toHaveText(price);
  }
  await expect(page.getByTestId("plan-vip-monthly").locator(".price")).toHaveText("NT$149 / 月");
  await expect(page.getByTestId("plan-vip-30").getByRole("heading")).toHaveText("VIP 30 天");
  await expect(page.locator("main")).not.toContainText(".00");
}

test("switching to 中文 shows the plans in zh-TW with TWD without decimals, keeps the choice, and switches back", async ({
  page,
  context,
}) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("plan-vip-365").getByTestId("plan-price")).toHaveText("NT$2,490");

  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "中文" }).click();
  await expectZhTwPlans(page);
  await expect(page).toHaveURL(/\/$/);
  expect((await context.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("zh-TW");
  await expect(page.getByRole("button", { name: "中文" })).toHaveAttribute("aria-pressed", "true");

  // The choice persists across navigation and reloads.
  await page
    .getByRole("navigation", { name: "主選單" })
    .getByRole("link", { name: "登入" })
    .click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登入");
  await expect(page.getByLabel("電子郵件")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登入");

  // Back to English, on the same page.
  await page.getByRole("group", { name: "語言" }).getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Become a VIP");
  await expect(page.getByTestId("plan-vip-30").getByTestId("plan-price")).toHaveText("NT$300");
});

test("a browser that asks for zh-TW gets the zh-TW shop without a cookie; the cookie still wins", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "zh-TW" });
  const page = await context.newPage();
  await page.goto("/");
  await expectZhTwPlans(page);
  expect((await context.cookies()).find((c) => c.name === "NEXT_LOCALE")).toBeUndefined();

  await setLocaleCookie(context, "en");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await context.close();
});

test("a language cookie naming a language we do not speak is ignored", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-TW" });
  await context.addCookies([{ name: "NEXT_LOCALE", value: "fr", url: E2E_APP_URL }]);
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await context.close();
});

test("a zh-TW shopper buys a plan: Chinese buttons, NT$ amount, status and dates in zh-TW", async ({
  page,
  context,
}) => {
  await signUp(page);
  await setLocaleCookie(context, "zh-TW");
  await page.goto("/");
  await page.getByTestId("plan-vip-30").getByRole("button", { name: "使用 LINE Pay 購買" }).click();
  await expect(page).toHaveURL(/\/web\/payment\/wait\?transactionReserveId=/);
  await page.getByRole("button", { name: "Approve payment" }).click();

  await expect(page.getByRole("heading", { name: "付款完成" })).toBeVisible();
  await expect(page.getByTestId("order-amount")).toHaveText("NT$300");
  await expect(page.getByTestId("order-status")).toHaveText("已付款");
  await expect(page.getByTestId("vip-window")).toContainText("年");

  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的帳戶");
  await expect(page.getByTestId("account-vip-status")).toContainText("有效至");
  await expect(page.getByTestId("order-row")).toContainText("NT$300");
  await expect(page.getByTestId("order-row")).toContainText("已付款");
  await expect(page.getByRole("columnheader", { name: "金額" })).toBeVisible();
});
