// One VIP timeline, in the browser and in both languages: the plans page says which dates a
// purchase covers before paying, the success page says which dates it covered after, and the
// database agrees. A pass first, then a yearly subscription (which starts where the pass ends),
// then another pass bought during the subscription (which adds exactly its days after the paid
// period and pushes the renewal back).
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, setLocaleCookie, signUp } from "./helpers";

const DAY = 24 * 60 * 60 * 1000;

for (const locale of ["en", "zh-TW"] as const) {
  test(`[${locale}] passes and a subscription line up on one VIP timeline, each covering the dates shown`, async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    // The account page with a subscription once threw a hydration error (a form inside a <p>).
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error")
        consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("response", (response) => {
      if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
    const email = await signUp(page);
    await setLocaleCookie(context, locale);
    const [user] = queryDb<{ id: string }>(`SELECT id FROM User WHERE email = ?`, email);
    const day = (at: Date) =>
      new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Taipei" }).format(at);

    // 1. A 30-day pass with nothing owned: covers today to 30 days later.
    await buy(page, "vip-30");
    const [firstPass] = passesOf(user!.id);
    expect(firstPass!.endsAt.getTime() - firstPass!.startsAt.getTime()).toBe(30 * DAY);
    await expect(page.getByTestId("vip-window")).toHaveText(
      `${day(firstPass!.startsAt)} → ${day(firstPass!.endsAt)}`,
    );

    // 2. The plans page quotes the yearly subscription from the pass's end; paying starts it there.
    await page.goto("/");
    await expect(page.getByTestId("plan-vip-yearly").getByTestId("plan-covers")).toContainText(
      day(firstPass!.endsAt),
    );
    await buy(page, "vip-yearly");
    const [subscription] = subscriptionsOf(user!.id);
    expect(subscription!.currentPeriodStart).toEqual(firstPass!.endsAt);
    await expect(page.getByTestId("period-window")).toContainText(
      `${day(subscription!.currentPeriodStart)} → ${day(subscription!.currentPeriodEnd)}`,
    );

    // 3. A pass bought during the subscription is quoted, and placed, after the paid year.
    await page.goto("/");
    const quote = page.getByTestId("plan-vip-30").getByTestId("plan-covers");
    await expect(quote).toContainText(day(subscription!.currentPeriodEnd));
    await buy(page, "vip-30");
    const secondPass = passesOf(user!.id)[1]!;
    expect(secondPass.startsAt).toEqual(subscription!.currentPeriodEnd);
    expect(secondPass.endsAt.getTime() - secondPass.startsAt.getTime()).toBe(30 * DAY);
    await expect(page.getByTestId("vip-window")).toHaveText(
      `${day(secondPass.startsAt)} → ${day(secondPass.endsAt)}`,
    );
    const [pushedBack] = subscriptionsOf(user!.id);
    expect(pushedBack!.nextActionAt).toEqual(secondPass.endsAt);

    // The account page tells the same story, in order, and VIP ends with the second pass.
    await page.goto("/account");
    await expect(page.getByTestId("nav-admin")).toHaveCount(0); // shoppers get no back-office link
    await expect(page.getByTestId("account-vip-status")).toContainText(day(secondPass.endsAt));
    const timeline = page.getByTestId("vip-timeline").getByRole("listitem");
    await expect(timeline).toHaveCount(4);
    await expect(timeline.nth(0)).toHaveAttribute("data-kind", "pass");
    await expect(timeline.nth(1)).toHaveAttribute("data-kind", "period");
    await expect(timeline.nth(2)).toHaveAttribute("data-kind", "pass");
    await expect(timeline.nth(3)).toHaveAttribute("data-kind", "next-period");
    await expect(timeline.nth(3)).toContainText(day(secondPass.endsAt));
    await expect(page.getByTestId("next-charge")).toContainText(day(secondPass.endsAt));

    // On a 390 px phone the same page fits: no sideways scrolling (wide tables scroll in their own
    // box) and the header keeps "Sign out" in the bar.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const signOut = await page.locator("header.site nav").getByRole("button").boundingBox();
    expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(390);
    expect(consoleErrors).toEqual([]);
  });
}

async function buy(page: Page, planCode: string) {
  await page.goto("/");
  await page
    .getByTestId(`plan-${planCode}`)
    .locator('form[action="/api/linepay/checkout"] button')
    .click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByTestId("order-status")).toBeVisible();
  await expect(page).toHaveURL(/\/checkout\/success/);
}

/** SQLite holds Prisma DateTime columns as epoch milliseconds or ISO text. */
const asDate = (value: number | string) => new Date(value);

function passesOf(userId: string) {
  return queryDb<{ startsAt: number | string; endsAt: number | string }>(
    `SELECT startsAt, endsAt FROM Entitlement WHERE userId = ? ORDER BY startsAt`,
    userId,
  ).map((row) => ({ startsAt: asDate(row.startsAt), endsAt: asDate(row.endsAt) }));
}

function subscriptionsOf(userId: string) {
  return queryDb<{
    currentPeriodStart: number | string;
    currentPeriodEnd: number | string;
    nextActionAt: number | string;
  }>(
    `SELECT currentPeriodStart, currentPeriodEnd, nextActionAt FROM Subscription WHERE userId = ?`,
    userId,
  ).map((row) => ({
    currentPeriodStart: asDate(row.currentPeriodStart),
    currentPeriodEnd: asDate(row.currentPeriodEnd),
    nextActionAt: asDate(row.nextActionAt),
  }));
}
