// Refunds of SinoPac orders in Chromium: nothing is sent to SinoPac, so the admin refunds in
// SinoPac's merchant portal and records it here. The form says so in both languages, asks the
// admin to confirm the portal refund (reason required, reference optional), reviews it, and the
// confirmed record turns the order REFUNDED with the refund listed as recorded by hand. A form sent
// without the tick (browser check removed) is refused by the server with its reason.
import { expect, test } from "./fixtures";
import { queryDb, setLocaleCookie, signIn, signUp } from "./helpers";
import { E2E_SINOPAC_URL } from "./stack-config";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };

test("an admin records a refund made in SinoPac's portal, in Traditional Chinese, and sees the order refunded", async ({
  browser,
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
  const [order] = queryDb<{ id: string; orderId: string }>(
    `SELECT o."id", o."orderId" FROM "Order" o JOIN "User" u ON u."id" = o."userId" WHERE u."email" = ?`,
    email,
  );
  const paid = await fetch(`${E2E_SINOPAC_URL}/__sandbox/atm/pay`, {
    method: "POST",
    body: JSON.stringify({ orderNo: order!.orderId }),
  });
  expect(paid.status).toBe(200);

  const context = await browser.newContext();
  const admin = await context.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto(`/admin/orders/${order!.orderId}`);
  // The BackendURL delivery settles the transfer shortly after the emulator's payment.
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId("admin-order-status")).toHaveText("Paid", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const form = admin.getByTestId("refund-form");
  await expect(form.getByTestId("refund-manual-note")).toContainText(
    "Nothing is sent to SinoPac from here.",
  );
  await form.getByLabel("Amount (TWD)").fill("300");
  await form.getByLabel("Reason (kept in the audit log)").fill("Shopper changed their mind");
  await form.getByLabel("SinoPac portal reference (optional)").fill("QP-E2E-1");
  await form.getByLabel("I have refunded this amount in SinoPac's merchant portal.").check();
  for (const width of [390, 1280]) {
    await admin.setViewportSize({ width, height: 900 });
    await form.screenshot({ path: test.info().outputPath(`sinopac-refund-form-en-${width}.png`) });
  }
  await form.getByRole("button", { name: "Review the refund" }).click();
  const confirm = admin.getByTestId("refund-confirm");
  await expect(confirm).toContainText("Nothing is sent to SinoPac.");
  await expect(confirm).toContainText("Portal reference: QP-E2E-1");
  for (const width of [390, 1280]) {
    await admin.setViewportSize({ width, height: 900 });
    await form.screenshot({
      path: test.info().outputPath(`sinopac-refund-confirm-en-${width}.png`),
    });
  }
  // Back to the fields, then the rest in Traditional Chinese.
  await confirm.getByRole("button", { name: "Change" }).click();

  await setLocaleCookie(context, "zh-TW");
  await admin.reload();
  await expect(form.getByTestId("refund-manual-note")).toContainText(
    "此處不會向永豐銀行送出任何資料。",
  );
  await form.getByLabel("金額（TWD）").fill("300");
  await form.getByLabel("原因（記錄於稽核紀錄）").fill("購買者改變心意");
  await form.getByLabel("永豐後台參考編號（選填）").fill("QP-E2E-1");
  // Without the portal confirmation the browser refuses to send the form: nothing is recorded.
  await form.getByRole("button", { name: "檢查退款內容" }).click();
  await expect(admin.getByTestId("refund-confirm")).toHaveCount(0);
  // The server checks it too: a form sent without the tick is answered with the reason, fields kept.
  await form
    .getByLabel("我已在永豐銀行豐收款商店後台退還此金額。")
    .evaluate((box) => box.removeAttribute("required"));
  await form.getByRole("button", { name: "檢查退款內容" }).click();
  await expect(admin.getByTestId("refund-result")).toContainText(
    "請先在永豐銀行豐收款商店後台完成退款",
  );
  await expect(admin.getByTestId("refund-confirm")).toHaveCount(0);
  await expect(form.getByLabel("永豐後台參考編號（選填）")).toHaveValue("QP-E2E-1");
  await form.getByLabel("我已在永豐銀行豐收款商店後台退還此金額。").check();
  for (const width of [390, 1280]) {
    await admin.setViewportSize({ width, height: 900 });
    await form.screenshot({ path: test.info().outputPath(`sinopac-refund-form-zh-${width}.png`) });
  }
  await form.getByRole("button", { name: "檢查退款內容" }).click();
  await expect(confirm).toContainText("不會向永豐銀行送出任何資料");
  for (const width of [390, 1280]) {
    await admin.setViewportSize({ width, height: 900 });
    await form.screenshot({
      path: test.info().outputPath(`sinopac-refund-confirm-zh-${width}.png`),
    });
  }
  expect(queryDb(`SELECT "id" FROM "Refund" WHERE "orderId" = ?`, order!.id)).toHaveLength(0);
  await confirm.getByRole("button", { name: "是，記錄 NT$300 的退款" }).click();
  await expect(admin.getByTestId("refund-result")).toContainText("已記錄");
  await expect(admin.getByTestId("admin-order-status")).toHaveText("已退款");
  await expect(admin.getByTestId("refund-recorded-manually")).toHaveText(
    "手動記錄：已於永豐銀行商店後台退款 · 參考編號 QP-E2E-1",
  );
  await admin.setViewportSize({ width: 1280, height: 900 });
  await admin.screenshot({
    path: test.info().outputPath("sinopac-refund-recorded-zh-1280.png"),
    fullPage: true,
  });
  expect(
    queryDb<{ status: string; recordedManually: unknown; portalReference: string }>(
      `SELECT "status", "recordedManually", "portalReference" FROM "Refund" WHERE "orderId" = ?`,
      order!.id,
    ).map((r) => [r.status, Boolean(r.recordedManually), r.portalReference]),
  ).toEqual([["SUCCEEDED", true, "QP-E2E-1"]]);
  expect(
    queryDb(
      `SELECT "id" FROM "Notice" WHERE "orderId" = ? AND "kind" = 'refund-receipt'`,
      order!.id,
    ),
  ).toHaveLength(1);
  await context.close();
});
