// What shoppers hear from the shop, end to end: the app writes notices with the money, the notice
// sender (its cron route) mails them over SMTP to the local mail catcher, and the links in them
// open the right pages. A declined renewal in Chinese, a purchase and a refund in English.
import { type APIRequestContext } from "@playwright/test";
import { ADMIN } from "./identities";
import { expect, test } from "./fixtures";
import { queryDb, setLocaleCookie, signIn, signUp, startPurchase } from "./helpers";
import { E2E_APP_URL, E2E_CRON_SECRET, E2E_MAIL_URL, E2E_SANDBOX_URL } from "./stack-config";

const DAY = 24 * 60 * 60 * 1000;
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

interface Mail {
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  deliveries: number;
}

async function sendNotices(request: APIRequestContext) {
  const response = await request.post("/api/notices/send", { headers: auth });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { run: { sent: number; retrying: number } }).run;
}

async function mailTo(email: string): Promise<Mail[]> {
  const response = await fetch(`${E2E_MAIL_URL}/api/messages?to=${encodeURIComponent(email)}`);
  return ((await response.json()) as { messages: Mail[] }).messages;
}

/** The link a mail's plain-text part gives after `label: `. */
function linkAfter(text: string, label: string): string {
  const line = text.split("\n").find((l) => l.startsWith(`${label}: `));
  return line?.slice(label.length + 2) ?? "";
}

test.afterAll(async ({ request }) => {
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

test("a declined renewal mails the shopper in Chinese with the retry date and a working link", async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  const email = await signUp(page);
  await setLocaleCookie(context, "zh-TW");
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: "VIP 月訂閱" })
    .getByRole("button", { name: "使用 LINE Pay 訂閱" })
    .click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page).toHaveURL(/\/(orders|checkout)\//);
  const [sub] = queryDb<{ id: string; orderId: string }>(
    `SELECT s.id, o.orderId FROM Subscription s JOIN "User" u ON u.id = s.userId JOIN "Order" o ON o.subscriptionId = s.id WHERE u.email = ? AND s.status = 'ACTIVE'`,
    email,
  );
  expect(sub).toBeDefined();
  const ledger = (await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`)).json()) as {
    transactions: Array<{ orderId: string; regKey: string | null }>;
  };
  const regKey = ledger.transactions.find((t) => t.orderId === sub?.orderId)?.regKey;
  const fault = await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      match: { endpoint: "payPreapproved", regKey },
      action: { type: "returnCode", returnCode: "1142" },
      times: 1,
    }),
  });
  expect(fault.status).toBe(201);
  await request.post("/api/test-clock", { headers: auth, data: { advanceMs: 31 * DAY } });
  const renewals = await request.post("/api/linepay/renewals", { headers: auth });
  expect(((await renewals.json()) as { run: { declined: number } }).run.declined).toBe(1);

  expect((await sendNotices(request)).sent).toBeGreaterThanOrEqual(2);
  const [failed] = (await mailTo(email)).filter((m) => m.subject.includes("續訂扣款未成功"));
  expect(failed?.subject).toBe("「VIP 月訂閱」續訂扣款未成功");
  // The retry date the shopper reads is the one the subscription holds, on the Taipei calendar.
  const [retry] = queryDb<{ nextActionAt: number; graceUntil: number }>(
    `SELECT nextActionAt, graceUntil FROM Subscription WHERE id = ?`,
    sub?.id,
  );
  const taipeiDay = (ms: number) =>
    new Intl.DateTimeFormat("zh-TW", { dateStyle: "medium", timeZone: "Asia/Taipei" }).format(
      new Date(ms),
    );
  expect(failed?.text).toContain(`我們會在 ${taipeiDay(retry!.nextActionAt)} 再試一次`);
  expect(failed?.text).toContain(`您的 VIP 將在 ${taipeiDay(retry!.graceUntil)} 結束`);
  expect(failed?.html).toContain('lang="zh-TW"');
  // Its link opens the shopper's account, where the failed payment can be seen and fixed.
  const link = linkAfter(failed!.text, "查看訂閱");
  expect(link).toBe(`${E2E_APP_URL}/account`);
  await page.goto(link);
  await expect(page.getByTestId("next-retry")).toBeVisible();
  // Sending again mails nothing twice.
  expect((await sendNotices(request)).sent).toBe(0);
  expect((await mailTo(email)).every((m) => m.deliveries === 1)).toBe(true);
});

test("a purchase and its refund each mail a receipt whose page matches the order", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const email = await signUp(page);
  await startPurchase(page, "VIP 30 days");
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  const [order] = queryDb<{ orderId: string; transactionId: string }>(
    `SELECT o.orderId, o.transactionId FROM "Order" o JOIN "User" u ON u.id = o.userId WHERE u.email = ?`,
    email,
  );

  await sendNotices(request);
  const [receipt] = await mailTo(email);
  expect(receipt?.subject).toBe("Your receipt from VIP Club: NT$300");
  expect(receipt?.text).toContain(order!.transactionId);
  const link = linkAfter(receipt!.text, "View or print your receipt");
  expect(link).toBe(`${E2E_APP_URL}/account/receipts/${order!.orderId}`);
  await page.goto(link);
  const facts = page.getByTestId("receipt");
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  for (const text of ["VIP Club", order!.orderId, "VIP 30 days", "NT$300", "LINE Pay"])
    await expect(facts).toContainText(text);
  await expect(facts).toContainText(order!.transactionId);

  // The back office refunds NT$100; the shopper gets a refund receipt, and the page shows it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto(`/admin/orders/${order!.orderId}`);
  const form = admin.getByTestId("refund-form");
  await form.getByLabel("Amount (TWD)").fill("100");
  await form.getByLabel("Reason (kept in the audit log)").fill("Goodwill");
  await form.getByRole("button", { name: "Review the refund" }).click();
  await admin
    .getByTestId("refund-confirm")
    .getByRole("button", { name: "Yes, refund NT$100" })
    .click();
  await expect(admin.getByTestId("refund-result")).toContainText("Refunded");
  await sendNotices(request);
  // The order's back-office page lists both notices as delivered.
  await admin.reload();
  await expect(admin.getByTestId("notices").getByTestId("notice-row")).toHaveCount(2);
  await expect(admin.getByTestId("notices")).toContainText("Delivered");
  await adminContext.close();

  const refundMail = (await mailTo(email)).find((m) => m.subject.startsWith("Refund"));
  expect(refundMail?.subject).toBe("Refund of NT$100 from VIP Club");
  await page.goto(linkAfter(refundMail!.text, "View your receipt"));
  await expect(page.getByTestId("receipt-refunds")).toContainText("NT$100 refunded on");
  await expect(page.getByTestId("receipt")).toContainText("NT$200");

  // Another shopper cannot open this receipt.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUp(other);
  const response = await other.goto(`/account/receipts/${order!.orderId}`);
  expect(response?.status()).toBe(404);
  await otherContext.close();
});

test("a shopper turns renewal reminders off on the account page; the choice is kept", async ({
  page,
}) => {
  const email = await signUp(page);
  await page.goto("/account");
  const box = page.getByTestId("reminders-by-email");
  await expect(box).toBeChecked();
  await box.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect
    .poll(
      () =>
        queryDb<{ remindersByEmail: number }>(
          `SELECT remindersByEmail FROM "User" WHERE email = ?`,
          email,
        )[0]?.remindersByEmail,
    )
    .toBe(0);
  await page.reload();
  await expect(page.getByTestId("reminders-by-email")).not.toBeChecked();
  await expect(page.getByText("Receipts and notices about payment problems")).toBeVisible();
});
