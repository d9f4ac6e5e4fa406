// Refusals and failures of the browser's payment routes land on the problem page: in the shop's
// layout and the shopper's language, after a redirect (the address bar leaves /api/..., so reload
// and back are safe), saying about the money only what is known.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectNoSeriousAxeViolations, queryDb, setLocaleCookie, signUp } from "./helpers";

type Topic = "checkout" | "confirm" | "cancel" | "subscription";
interface ProblemWords {
  title: Record<Topic, string>;
  reason: { plan_unavailable: string };
  money: Record<Topic, { known: string; unsure: string }>;
  openOrder: string;
}
const wordsOf = (locale: "en" | "zh-TW") =>
  (
    JSON.parse(readFileSync(`lib/i18n/messages/${locale}/shop.json`, "utf8")) as {
      problem: ProblemWords;
    }
  ).problem;
const WORDS = { en: wordsOf("en"), "zh-TW": wordsOf("zh-TW") };

function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

for (const locale of ["en", "zh-TW"] as const) {
  test(`[${locale}] a refused checkout and a mismatched confirm link land on the problem page, truthful about the money`, async ({
    page,
    context,
  }) => {
    const words = WORDS[locale];
    const errors = watchForErrors(page);
    const email = await signUp(page);
    await setLocaleCookie(context, locale);

    // A checkout for a plan that is not on sale (a stale plans page): the problem page, nothing
    // written, and the address bar on the page, not on the POST route.
    await page.goto("/");
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('form[action="/api/linepay/checkout"]')!;
      form.querySelector<HTMLInputElement>("input[name=planCode]")!.value = "vip-retired";
      form.requestSubmit();
    });
    await expect(page).toHaveURL(/\/problem\?topic=checkout&reason=plan_unavailable$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.title.checkout);
    await expect(page.getByTestId("problem")).toContainText(words.reason.plan_unavailable);
    await expect(page.getByTestId("problem-money")).toHaveText(words.money.checkout.known);
    await expect(page.getByTestId("signed-in-as")).toHaveText(email); // the shop's own layout
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.title.checkout);
    expect(ordersOf(email)).toEqual([]);
    await expectNoSeriousAxeViolations(page);

    // A paid order, then a confirm link whose transaction does not match it: nothing is
    // confirmed through the link, and the page must not claim that nothing was charged.
    await page.goto("/");
    await page
      .getByTestId("plan-vip-30")
      .locator('form[action="/api/linepay/checkout"] button')
      .click();
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page).toHaveURL(/\/checkout\/success/);
    const [order] = ordersOf(email);
    expect(order?.status).toBe("PAID");
    await page.goto(
      `/api/linepay/confirm?orderId=${order!.orderId}&transactionId=2026010100000000001`,
    );
    await expect(page).toHaveURL(
      new RegExp(`/problem\\?topic=confirm&reason=link_mismatch&order=${order!.orderId}$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.title.confirm);
    await expect(page.getByTestId("problem-money")).toHaveText(words.money.confirm.known);
    await expect(page.getByTestId("problem-money")).not.toContainText(
      words.money.checkout.known.split(/[:：]/)[0]!, // "Nothing was charged"
    );
    await page.getByRole("link", { name: words.openOrder }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${order!.orderId}$`));
    await expect(page.getByTestId("order-status")).toBeVisible();
    expect(ordersOf(email)).toEqual([order]); // the link changed nothing
    expect(errors).toEqual([]);
  });
}

test("the problem page shows only its own words for an unknown or hostile query", async ({
  page,
}) => {
  const response = await page.goto(
    "/problem?topic=%3Cscript%3E&reason=%3Cimg%20src%3Dx%3E&order=../../admin&wait=-5",
  );
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(WORDS.en.title.checkout);
  await expect(page.getByTestId("problem")).toHaveAttribute("data-reason", "internal");
  await expect(page.getByRole("link", { name: WORDS.en.openOrder })).toHaveCount(0);
  expect(await page.content()).not.toContain("<img src=x>");
});

function ordersOf(email: string) {
  return queryDb<{ orderId: string; status: string }>(
    `SELECT o.orderId, o.status FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`,
    email,
  );
}
