// LINE end to end: "Sign in with LINE" through the local LINE Login counterpart (the consent page
// of lib/line-sandbox), a purchase whose receipt reaches the shopper as a LINE message pushed to
// the local Messaging API, linking to the account that already has the email LINE vouches for, and
// the channel choice on the account page. Screenshots of the LINE pages and the channel choice at
// 390 and 1280 px in English and Chinese go to tests/.tmp/screenshots/.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { LOCAL_LINE_CHANNEL } from "../../lib/cli/dev-env";
import { expect, test } from "./fixtures";
import { queryDb, signUp, startPurchase } from "./helpers";
import { E2E_APP_URL, E2E_CRON_SECRET, E2E_LINE_URL } from "./stack-config";

const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };
const SHOTS = "tests/.tmp/screenshots";

interface Push {
  to: string;
  retryKey: string | null;
  messages: { type: string; text: string }[];
}

async function pushesTo(lineUserId: string): Promise<Push[]> {
  const response = await fetch(`${E2E_LINE_URL}/__sandbox/messages?to=${lineUserId}`);
  return ((await response.json()) as { messages: Push[] }).messages;
}

async function sendNotices(request: APIRequestContext) {
  const response = await request.post("/api/notices/send", { headers: auth });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { run: { sent: number } }).run;
}

/** Signs in with LINE: the sign-in page's button, then LINE's consent page with a made-up user. */
async function signInWithLine(
  page: Page,
  user: { name: string; email?: string; isEmailConfirmed?: boolean },
) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with LINE" }).click();
  await expect(page).toHaveURL(/\/oauth2\/v2\.1\/authorize\?/);
  const form = page.locator("form", { hasText: "Or make up a LINE user" });
  await form.getByLabel("Display name").fill(user.name);
  if (user.email) await form.getByLabel("Email registered in LINE").fill(user.email);
  if (user.isEmailConfirmed === false) await form.getByLabel("The email is confirmed").uncheck();
  await form.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(new RegExp(`^${E2E_APP_URL}/`));
}

const lineName = () => `Mei ${randomBytes(3).toString("hex")}`;

test("a shopper signed in with LINE through the local counterpart gets the LINE message", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const name = lineName();
  await signInWithLine(page, { name });
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${name} (LINE)`);
  const [user] = queryDb<{ id: string; lineUserId: string; noticesByLine: number }>(
    `SELECT id, lineUserId, noticesByLine FROM "User" WHERE name = ?`,
    name,
  );
  expect(user?.lineUserId).toMatch(/^U[0-9a-f]{32}$/);
  // The consent page's "add as friend" was ticked: LINE messages are on.
  expect(user?.noticesByLine).toBe(1);

  await startPurchase(page, "VIP 30 days");
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  const [order] = queryDb<{ orderId: string }>(
    `SELECT orderId FROM "Order" WHERE userId = ? AND status = 'PAID'`,
    user!.id,
  );
  await sendNotices(request);
  const pushes = await pushesTo(user!.lineUserId);
  expect(pushes).toHaveLength(1);
  const text = pushes[0]!.messages[0]!.text;
  expect(text).toContain("Your receipt from VIP Club: NT$300");
  expect(text).toContain(`${E2E_APP_URL}/account/receipts/${order!.orderId}`);
  const notices = queryDb<{ channel: string; state: string; messageId: string }>(
    `SELECT channel, state, messageId FROM Notice WHERE userId = ?`,
    user!.id,
  );
  // LINE shared no email: the LINE message is the one channel.
  expect(notices).toEqual([{ channel: "LINE", state: "SENT", messageId: pushes[0]!.retryKey }]);
  // Sending again pushes nothing twice.
  expect((await sendNotices(request)).sent).toBe(0);
  expect(await pushesTo(user!.lineUserId)).toHaveLength(1);

  // The LINE sandbox's page shows the message in the user's chat.
  await page.goto(`${E2E_LINE_URL}/users/${user!.lineUserId}`);
  await expect(page.getByTestId("line-push")).toContainText("NT$300");
  // Its link opens the receipt.
  await page.goto(`${E2E_APP_URL}/account/receipts/${order!.orderId}`);
  await expect(page.getByTestId("receipt")).toContainText(order!.orderId);
});

test("LINE sign-in with an email that already has an account links to it", async ({
  page,
  context,
}) => {
  const email = await signUp(page);
  await context.clearCookies();
  await signInWithLine(page, { name: lineName(), email });
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  const rows = queryDb<{ lineUserId: string | null; passwordHash: string | null }>(
    `SELECT lineUserId, passwordHash FROM "User" WHERE email = ?`,
    email,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]?.lineUserId).toMatch(/^U[0-9a-f]{32}$/);
  expect(rows[0]?.passwordHash).not.toBeNull();

  // The account page offers both channels; turning both off is refused and changes nothing.
  await page.goto("/account");
  await expect(page.getByTestId("notices-by-email")).toBeChecked();
  await expect(page.getByTestId("notices-by-line")).toBeChecked();
  await page.getByTestId("notices-by-email").uncheck();
  await page.getByTestId("notices-by-line").uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("notices-needs-channel")).toBeVisible();
  const channels = () =>
    queryDb<{ noticesByEmail: number; noticesByLine: number }>(
      `SELECT noticesByEmail, noticesByLine FROM "User" WHERE email = ?`,
      email,
    )[0];
  expect(channels()).toEqual({ noticesByEmail: 1, noticesByLine: 1 });
  await page.getByTestId("notices-by-email").uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect.poll(channels).toEqual({ noticesByEmail: 0, noticesByLine: 1 });

  // An address LINE has not confirmed links to nothing: that LINE user gets an account of its own.
  const other = await signUp(page);
  await context.clearCookies();
  const name = lineName();
  await signInWithLine(page, { name, email: other, isEmailConfirmed: false });
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${name} (LINE)`);
  expect(
    queryDb<{ lineUserId: string | null }>(`SELECT lineUserId FROM "User" WHERE email = ?`, other),
  ).toEqual([{ lineUserId: null }]);
});

test("screenshots: LINE consent and messages pages, the account's channel choice", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const authorizeUrl = `${E2E_LINE_URL}/oauth2/v2.1/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: LOCAL_LINE_CHANNEL.loginId,
    redirect_uri: `${E2E_APP_URL}/api/auth/callback/line`,
    state: "screenshot",
    scope: "openid profile email",
    bot_prompt: "normal",
  })}`;
  for (const locale of ["en", "zh-TW"] as const) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    // A LINE shopper (with an email LINE confirmed), whose account page offers both channels.
    await page.goto(`${E2E_APP_URL}/signin`);
    await page
      .getByRole("button", { name: locale === "en" ? "Sign in with LINE" : "使用 LINE 登入" })
      .click();
    const form = page.locator("form").last();
    const name = lineName();
    await form.locator("input[name=display_name]").fill(name);
    await form
      .locator("input[name=email]")
      .fill(`${name.replace(" ", "-")}@example.com`.toLowerCase());
    await form.locator("button[value=allow]").click();
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(authorizeUrl);
      await expect(page.locator("form").first()).toBeVisible();
      await page.screenshot({
        path: `${SHOTS}/line-authorize-${locale}-${width}.png`,
        fullPage: true,
      });
      await page.goto(`${E2E_LINE_URL}/`);
      await page.screenshot({
        path: `${SHOTS}/line-messages-${locale}-${width}.png`,
        fullPage: true,
      });
      await page.goto(`${E2E_APP_URL}/account`);
      const card = page.locator("section", { has: page.locator("#notices-heading") });
      await expect(card.getByTestId("notices-by-line")).toBeVisible();
      await card.screenshot({ path: `${SHOTS}/line-account-channels-${locale}-${width}.png` });
    }
    await context.close();
  }
});
