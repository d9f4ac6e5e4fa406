// "Forgot password?" end to end, in Chinese: the sign-in page's link, the same answer for any
// email, the link mailed through the outbox and the notice sender to the local mail catcher, the new
// password, the old session signed out, and the used or forged link refused on a readable page.
// Also an ATM order's transfer instructions arriving by email.
import type { APIRequestContext, Browser, Cookie, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  expectNoSeriousAxeViolations,
  queryDb,
  setLocaleCookie,
  signIn,
  signUp,
  uniqueEmail,
} from "./helpers";
import { E2E_CRON_SECRET, E2E_MAIL_URL } from "./stack-config";

const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

interface Mail {
  subject: string;
  text: string;
  html: string | null;
}

async function sendNotices(request: APIRequestContext) {
  const response = await request.post("/api/notices/send", { headers: auth });
  expect(response.status()).toBe(200);
}

async function mailTo(email: string): Promise<Mail[]> {
  const response = await fetch(`${E2E_MAIL_URL}/api/messages?to=${encodeURIComponent(email)}`);
  return ((await response.json()) as { messages: Mail[] }).messages;
}

/** The one mail to `email`: the app starts a sender run itself after the request, which may still
 * be mailing when the cron run answers, so the mailbox is polled. */
async function onlyMailTo(email: string): Promise<Mail | undefined> {
  await expect.poll(async () => (await mailTo(email)).length).toBe(1);
  return (await mailTo(email))[0];
}

/** The link a mail's plain-text part gives after `label: `. */
function linkAfter(text: string, label: string): string {
  const line = text.split("\n").find((l) => l.startsWith(`${label}: `));
  return line?.slice(label.length + 2) ?? "";
}

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

async function askForLink(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByRole("link", { name: "忘記密碼？" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { name: "忘記密碼？" })).toBeVisible();
  await page.getByLabel("電子郵件").fill(email);
  await page.getByRole("button", { name: "寄送連結給我" }).click();
  await expect(page.getByTestId("forgot-password-sent")).toContainText(
    "如果有帳戶使用這個電子郵件",
  );
}

test("a forgotten password is reset through the emailed link, in Chinese, and every old session ends", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  // Signed in on one device (this cookie), then forgotten on another.
  const email = await signUp(page);
  const saved = (await page.context().cookies()).filter((c) => c.name.includes("session-token"));
  expect(await replay(browser, saved)).toMatch(/\/account$/);
  await page.context().clearCookies();
  await setLocaleCookie(page.context(), "zh-TW");

  await askForLink(page, email);
  await expectNoSeriousAxeViolations(page);
  await sendNotices(request);
  const mail = await onlyMailTo(email);
  expect(mail?.subject).toBe("設定您在VIP Club的新密碼");
  expect(mail?.text).toContain("只能使用一次");
  const link = linkAfter(mail?.text ?? "", "設定新密碼");
  expect(link).toMatch(/\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
  expect(mail?.html).toContain(`href="${link}"`);
  // Only the token's hash is in the database.
  const token = new URL(link).searchParams.get("token") ?? "";
  expect(JSON.stringify(queryDb("SELECT * FROM PasswordReset"))).not.toContain(token);
  expect(JSON.stringify(queryDb("SELECT payload FROM Notice"))).not.toContain(token);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "設定新密碼" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByLabel("新密碼（8 至 72 個字元）").fill("一個全新的密碼 2026");
  await page.getByLabel("再次輸入新密碼").fill("一個不同的密碼 2026");
  await page.getByRole("button", { name: "設定新密碼" }).click();
  await expect(page.locator("#reset-password-error")).toHaveText("兩次輸入的密碼不一致。");
  await page.getByLabel("新密碼（8 至 72 個字元）").fill("一個全新的密碼 2026");
  await page.getByLabel("再次輸入新密碼").fill("一個全新的密碼 2026");
  await page.getByRole("button", { name: "設定新密碼" }).click();
  await expect(page).toHaveURL(/\/signin\?notice=passwordReset$/);
  await expect(page.getByTestId("signin-notice")).toHaveText(
    "新密碼已設定，所有裝置都已登出。請以新密碼登入。",
  );

  // The other device's session is over; the old password no longer works, the new one does.
  expect(await replay(browser, saved)).toMatch(/\/signin/);
  await page.locator("main input[name=email]").fill(email);
  await page.locator("main input[name=password]").fill("correct horse battery");
  await page.locator("main form.stack button[type=submit]").click();
  await expect(page.locator("#signin-error")).toHaveText("電子郵件或密碼不正確。");
  await signIn(page, email, "一個全新的密碼 2026");

  // The same link again: refused in words, with the way to a new one.
  await page.goto(link);
  const refused = page.getByTestId("reset-link-refused");
  await expect(refused).toHaveAttribute("data-reason", "used");
  await expect(page.getByRole("heading", { name: "這個連結已經使用過了" })).toBeVisible();
  await expect(refused.getByRole("link", { name: "重新索取連結" })).toHaveAttribute(
    "href",
    "/forgot-password",
  );
  await expectNoSeriousAxeViolations(page);
  // A forged link is refused the same way, and changes nothing.
  await page.goto(`/reset-password?token=${"A".repeat(43)}`);
  await expect(page.getByRole("heading", { name: "這個連結無法使用" })).toBeVisible();
});

test("a link opened after 30 minutes on the app's clock is refused as expired, in English", async ({
  page,
  request,
}) => {
  const email = await signUp(page);
  await page.context().clearCookies();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByTestId("forgot-password-sent")).toBeVisible();
  await sendNotices(request);
  const link = linkAfter((await onlyMailTo(email))?.text ?? "", "Choose a new password");
  expect(link).toContain("/reset-password?token=");
  const moved = await request.post("/api/test-clock", {
    headers: auth,
    data: { advanceMs: 31 * 60 * 1000 },
  });
  expect(moved.status()).toBe(200);
  try {
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
    await expect(page.getByTestId("reset-link-refused")).toHaveAttribute("data-reason", "expired");
  } finally {
    await request.post("/api/test-clock", {
      headers: auth,
      data: { nowIso: new Date().toISOString() },
    });
  }
});

test("the forms work without JavaScript", async ({ page, browser, request }) => {
  const email = await signUp(page);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const noScript = await context.newPage();
    await noScript.goto("/forgot-password");
    await noScript.getByLabel("Email").fill(email);
    await noScript.getByRole("button", { name: "Email me a link" }).click();
    await expect(noScript.getByTestId("forgot-password-sent")).toBeVisible();
    await sendNotices(request);
    const link = linkAfter((await onlyMailTo(email))?.text ?? "", "Choose a new password");
    await noScript.goto(link);
    await noScript.getByLabel("New password (8 to 72 characters)").fill("no script password");
    await noScript.getByLabel("New password again").fill("no script password");
    await noScript.getByRole("button", { name: "Set new password" }).click();
    await expect(noScript).toHaveURL(/\/signin\?notice=passwordReset$/);
  } finally {
    await context.close();
  }
  await page.context().clearCookies();
  await signIn(page, email, "no script password");
});

test("an email without an account gets the same answer and no mail", async ({ page, request }) => {
  const email = uniqueEmail("nobody");
  await setLocaleCookie(page.context(), "zh-TW");
  await askForLink(page, email);
  await sendNotices(request);
  expect(await mailTo(email)).toEqual([]);
  expect(queryDb(`SELECT id FROM "User" WHERE email = ?`, email)).toEqual([]);
});

test("an ATM order's transfer instructions arrive by email with the account, amount and deadline", async ({
  page,
}) => {
  const email = await signUp(page);
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: "VIP 30 days" })
    .getByRole("button", { name: "Pay by bank transfer (ATM)" })
    .click();
  await expect(page).toHaveURL(/\/orders\/VIP-/);
  const account = (await page.getByTestId("transfer-account").textContent()) ?? "";
  const deadline = (await page.getByTestId("transfer-deadline").textContent()) ?? "";
  expect(account).toMatch(/^\d{4} /);
  // No scheduled run needed: the app starts one itself once it has answered.
  const mail = await onlyMailTo(email);
  expect(mail?.subject).toBe(`Transfer NT$300 by ${deadline} to pay for VIP 30 days`);
  const text = mail?.text ?? "";
  expect(text).toContain("Bank: Bank SinoPac (bank code 807)");
  expect(text).toContain(`Account number: ${account}`);
  expect(text).toContain("Amount: NT$300");
  expect(text).toContain(`Transfer by: ${deadline}`);
  const orderLink = linkAfter(text, "See your order");
  expect(orderLink).toBe(page.url());
  await page.goto(orderLink);
  await expect(page.getByTestId("transfer-account")).toHaveText(account);
});
