// The subscription journey in Chromium: subscribe once through LINE Pay, then let the test clock
// and the renewal endpoint run months of billing — a renewal, a scripted decline and its recovery,
// cancellation, and the end with the regKey expired at the sandbox.
import { type APIRequestContext, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { queryDb, signUp } from "./helpers";
import { E2E_CRON_SECRET, E2E_SANDBOX_URL } from "./stack-config";

const DAY = 24 * 60 * 60 * 1000;
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

async function advanceClock(request: APIRequestContext, ms: number) {
  const response = await request.post("/api/test-clock", {
    headers: auth,
    data: { advanceMs: ms },
  });
  expect(response.status()).toBe(200);
}

async function runRenewals(request: APIRequestContext) {
  const response = await request.post("/api/linepay/renewals", { headers: auth });
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      run: { charged: number; declined: number; expired: number; errors: number };
    }
  ).run;
}

async function subscriptionStatus(page: Page) {
  await page.goto("/account");
  return page.getByTestId("subscription-status").getAttribute("data-status");
}

test.afterAll(async ({ request }) => {
  await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: new Date().toISOString() },
  });
});

test("subscribe, renew, decline and recover, cancel, and expire with the regKey released", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const email = await signUp(page);
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: "VIP Monthly" })
    .getByRole("button", { name: "Subscribe with LINE Pay" })
    .click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();

  expect(await subscriptionStatus(page)).toBe("ACTIVE");
  await expect(page.getByTestId("next-charge")).toContainText("NT$149");
  await expect(page.getByTestId("subscription-period-row")).toHaveCount(1);
  const [row] = queryDb<{ id: string; orderId: string }>(
    `SELECT s.id, o."orderId" FROM "Subscription" s JOIN "User" u ON u.id = s."userId" JOIN "Order" o ON o."subscriptionId" = s.id WHERE u.email = ?`,
    email,
  );
  const ledger = async () =>
    (await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`)).json()) as {
      transactions: Array<{ orderId: string; regKey: string | null; state: string }>;
      regKeys: Array<{ regKey: string; state: string }>;
    };
  const regKey = (await ledger()).transactions.find((t) => t.orderId === row?.orderId)
    ?.regKey as string;
  expect(regKey).toMatch(/^RK/);

  // One month later: the renewal is charged with the stored regKey, no shopper involved.
  await advanceClock(request, 31 * DAY);
  expect(await runRenewals(request)).toMatchObject({ charged: 1, errors: 0 });
  expect(await subscriptionStatus(page)).toBe("ACTIVE");
  await expect(page.getByTestId("subscription-period-row")).toHaveCount(2);
  await expect(page.getByTestId("charge-attempt").first()).toHaveAttribute(
    "data-status",
    "SUCCEEDED",
  );

  // Next month LINE Pay declines once (insufficient balance): PAST_DUE, VIP kept, retry scheduled.
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
  await advanceClock(request, 31 * DAY);
  expect(await runRenewals(request)).toMatchObject({ declined: 1 });
  expect(await subscriptionStatus(page)).toBe("PAST_DUE");
  await expect(page.getByTestId("next-retry")).toBeVisible();
  // In words, without LINE Pay's return code.
  const declined = page.getByTestId("charge-attempt").filter({ hasText: "declined by LINE Pay" });
  await expect(declined).toHaveCount(1);
  await expect(declined).toHaveAttribute("data-status", "DECLINED");
  await expect(page.getByTestId("subscription")).not.toContainText("1142");
  await expect(page.getByTestId("account-vip-status")).toContainText("Active until");

  // The automatic retry a day later succeeds.
  await advanceClock(request, 25 * 60 * 60 * 1000);
  expect(await runRenewals(request)).toMatchObject({ charged: 1 });
  expect(await subscriptionStatus(page)).toBe("ACTIVE");

  // Cancel at period end: access continues, no more charges, and at the end it expires.
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await expect(page.getByTestId("subscription-status")).toHaveAttribute("data-status", "CANCELED");
  await expect(page.getByRole("button", { name: "Resume subscription" })).toBeVisible();
  await advanceClock(request, 32 * DAY);
  expect(await runRenewals(request)).toMatchObject({ charged: 0, expired: 1 });
  expect(await subscriptionStatus(page)).toBe("EXPIRED");
  expect((await ledger()).regKeys.find((r) => r.regKey === regKey)?.state).toBe("EXPIRED");
  const charges = (await ledger()).transactions.filter(
    (t) => t.orderId.startsWith(`SUB-${row?.id}-`) && t.state === "CAPTURED",
  );
  expect(charges).toHaveLength(2);
});

test("the renewal and test-clock endpoints refuse callers without the cron secret", async ({
  request,
}) => {
  expect((await request.post("/api/linepay/renewals")).status()).toBe(401);
  expect(
    (
      await request.get("/api/linepay/renewals", { headers: { Authorization: "Bearer wrong" } })
    ).status(),
  ).toBe(401);
  expect((await request.post("/api/test-clock", { data: { advanceMs: 1 } })).status()).toBe(401);
  expect(
    (await request.post("/api/test-clock", { headers: auth, data: { advanceMs: -5 } })).status(),
  ).toBe(422);
});
