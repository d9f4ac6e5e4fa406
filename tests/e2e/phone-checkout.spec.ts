// Checkout on a phone (iPhone user agent, 390 px): "Buy with LINE Pay" opens /checkout/open, which
// tries LINE Pay's app link and, with no LINE app to take it, continues to LINE Pay's web payment
// page; a second tap within LINE Pay's payment window reuses the order instead of writing another.
import { expect, test } from "./fixtures";
import { queryDb, sandboxLedger, setLocaleCookie, signUp } from "./helpers";

const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

test.use({ viewport: { width: 390, height: 844 }, userAgent: IPHONE_UA, hasTouch: true });

interface OrderRow {
  orderId: string;
  status: string;
  paymentUrl: string;
}

const ordersOf = (email: string) =>
  queryDb<OrderRow>(
    `SELECT o.orderId, o.status, o.paymentUrl FROM "Order" o JOIN "User" u ON u.id = o.userId
     WHERE u.email = ? ORDER BY o.createdAt`,
    email,
  );

async function tapBuy(page: import("@playwright/test").Page, planCode: string) {
  await page.goto("/");
  await page
    .locator(`form[action="/api/linepay/checkout"]:has(input[name=planCode][value="${planCode}"])`)
    .getByRole("button")
    .tap();
  await expect(page).toHaveURL(/\/checkout\/open\?orderId=/);
}

test("a phone without the LINE app reaches LINE Pay's web page, and a second tap reuses the order", async ({
  page,
  context,
}) => {
  const email = await signUp(page);
  // Timers are held so the page can be read before it moves on to the web page by itself.
  await page.clock.install();
  await tapBuy(page, "vip-30");
  await expect(page.getByRole("heading", { name: "Opening LINE Pay…" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the LINE app" })).toHaveAttribute(
    "href",
    /^line:\/\/pay\/payment\//,
  );
  const web = page.getByRole("link", { name: "Pay on the LINE Pay website" });
  await expect(web).toHaveAttribute("href", /\/web\/payment\/wait\?transactionReserveId=/);
  // No accessibility check here: the installed clock still runs, and a check slower than the
  // page's 2.5 s fallback would race it. The page tour checks this page in both languages with
  // the fallback held.

  await page.clock.runFor(3_000); // no app took the link: the page is still there
  await expect(page).toHaveURL(/\/web\/payment\/wait\?transactionReserveId=/);
  await expect(page.getByRole("button", { name: "Approve payment" })).toBeVisible();
  const firstPaymentPage = page.url();
  const [first] = ordersOf(email);
  expect(ordersOf(email)).toHaveLength(1);
  expect(first?.paymentUrl).toBe(firstPaymentPage);

  // The shopper comes back and taps again (a fresh tab: Chromium holds input in a tab that tried
  // an unknown scheme). Same order, same payment page, reached by the page's own fallback.
  await page.clock.resume();
  const again = await context.newPage();
  await tapBuy(again, "vip-30");
  expect(new URL(again.url()).searchParams.get("orderId")).toBe(first?.orderId);
  await expect(again).toHaveURL(firstPaymentPage, { timeout: 10_000 });
  expect(ordersOf(email)).toHaveLength(1);
  expect((await sandboxLedger()).filter((t) => t.orderId === first?.orderId)).toHaveLength(1);

  const pay = await context.newPage();
  await pay.goto(firstPaymentPage);
  await pay.getByRole("button", { name: "Approve payment" }).tap();
  await expect(pay).toHaveURL(/\/checkout\/success\?orderId=/);
  await expect(pay.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  expect(ordersOf(email).map((o) => o.status)).toEqual(["PAID"]);
});

test("the phone page speaks zh-TW and offers both ways to pay", async ({ page, context }) => {
  const email = await signUp(page);
  await setLocaleCookie(context, "zh-TW");
  await page.clock.install();
  await tapBuy(page, "vip-90");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await expect(page.getByRole("heading", { name: "正在開啟 LINE Pay…" })).toBeVisible();
  await expect(page.getByRole("link", { name: "開啟 LINE App" })).toHaveAttribute(
    "href",
    /^line:\/\//,
  );
  // Accessibility: in the page tour, as above.
  // The shopper presses the web button (a DOM click: the tab already tried the app's scheme).
  await page.getByRole("link", { name: "在 LINE Pay 網頁付款" }).dispatchEvent("click");
  await expect(page).toHaveURL(/\/web\/payment\/wait\?transactionReserveId=/);
  expect(ordersOf(email)).toHaveLength(1);
});
