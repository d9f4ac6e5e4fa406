// Every page under the Content-Security-Policy in Chromium (shop, sign-in, checkout to the sandbox
// and back, subscription, account, every admin page) with no violation; then no secret (channel
// secret, auth secret, encryption keys, cron secret, the regKeys LINE Pay issued) in the client
// bundle, the pages and API answers seen, or the app's log. The second test scans what the first saw.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { findSecrets, keyringSecrets, type NamedSecret } from "../helpers/secret-scanner";
import { signIn, signUp, startPurchase } from "./helpers";
import {
  ADMIN,
  CRON_BEARER,
  csrfToken,
  newWatchedPage,
  recordBody,
  subscribeMonthly,
  type SeenBody,
} from "./security-helpers";
import {
  E2E_APP_LOG,
  E2E_APP_URL,
  E2E_SANDBOX_PORT,
  E2E_SANDBOX_URL,
  E2E_SECRETS_FILE,
} from "./stack-config";

test.describe.configure({ mode: "serial" });

/** Every body the app sent to the browsers and requests of this file. */
const seenBodies: SeenBody[] = [];
/** Cancels this file's subscription even when a test fails, so the renewal suites see only theirs. */
let cancelSubscription: (() => Promise<unknown>) | undefined;

test.afterAll(async () => {
  await cancelSubscription?.().catch(() => undefined);
});

test("every page works under the Content-Security-Policy, with its security headers, and no violation", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { page, violations } = await newWatchedPage(browser, seenBodies);

  const signInPage = await page.goto("/signin");
  const headers = signInPage?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain(`form-action 'self' http://localhost:${E2E_SANDBOX_PORT} line:`);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  // APP_ENV=test over http: no HSTS (it would pin localhost to https).
  expect(headers["strict-transport-security"]).toBeUndefined();
  // Every script Next.js wrote carries this response's nonce, and a second response gets a new one.
  expect(
    await page.evaluate(
      (n) => [...document.scripts].length > 0 && [...document.scripts].every((s) => s.nonce === n),
      nonce,
    ),
  ).toBe(true);
  const again = (await page.request.get("/signin")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);

  const email = await signUp(page);
  await startPurchase(page);
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();
  const { subscriptionId, orderId } = await subscribeMonthly(page, email);
  cancelSubscription = () =>
    page.request.post(`/api/subscriptions/${subscriptionId}/cancel`, {
      headers: { Origin: E2E_APP_URL },
      maxRedirects: 0,
    });
  await page.goto("/account");
  await expect(page.getByTestId("subscription-status")).toHaveAttribute("data-status", "ACTIVE");

  const admin = await newWatchedPage(browser, seenBodies);
  await signIn(admin.page, ADMIN.email, ADMIN.password);
  for (const path of [
    "/admin",
    "/admin/orders",
    `/admin/orders/${orderId}`,
    "/admin/subscriptions",
    `/admin/subscriptions/${subscriptionId}`,
    "/admin/renewals",
    "/admin/revenue",
    "/admin/audit",
  ]) {
    const response = await admin.page.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    await expect(admin.page.locator("h1")).toBeVisible();
  }
  // Charts are drawn by client-side JavaScript: proof that the admin's scripts ran.
  await admin.page.goto("/admin/revenue");
  await expect(admin.page.locator("svg.recharts-surface").first()).toBeVisible();
  await admin.context.close();

  // The shopper's cancel button is a form POST to our own origin: allowed, and it leaves no live
  // subscription for the renewal suites that run later.
  await page.goto("/account");
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await expect(page.getByTestId("subscription-status")).toHaveAttribute("data-status", "CANCELED");

  expect([...violations, ...admin.violations]).toEqual([]);

  // Control: the watcher does see a violation when the policy blocks something.
  const control = await newWatchedPage(browser);
  await control.page.goto("/");
  await control.page.evaluate(() =>
    document.body.insertAdjacentHTML(
      "beforeend",
      '<img alt="" src="http://127.0.0.1:9/blocked.png">',
    ),
  );
  await expect.poll(() => control.violations.length).toBeGreaterThan(0);
  await control.context.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test("no secret appears in the client bundle, the pages, the API answers or the app's logs", async ({
  request,
}) => {
  const stackSecrets = JSON.parse(readFileSync(E2E_SECRETS_FILE, "utf8")) as Record<string, string>;
  const ledgerText = await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`)).text();
  const regKeys = [
    ...new Set(
      (JSON.parse(ledgerText) as { regKeys: Array<{ regKey: string }> }).regKeys.map(
        (k) => k.regKey,
      ),
    ),
  ];
  expect(regKeys.length).toBeGreaterThan(0);
  const secrets: NamedSecret[] = [
    { name: "LINEPAY_CHANNEL_SECRET", value: stackSecrets.LINEPAY_CHANNEL_SECRET as string },
    { name: "NEXTAUTH_SECRET", value: stackSecrets.NEXTAUTH_SECRET as string },
    { name: "CRON_SECRET", value: stackSecrets.CRON_SECRET as string },
    { name: "LINE_LOGIN_CHANNEL_SECRET", value: stackSecrets.LINE_LOGIN_CHANNEL_SECRET as string },
    {
      name: "LINE_MESSAGING_CHANNEL_ACCESS_TOKEN",
      value: stackSecrets.LINE_MESSAGING_CHANNEL_ACCESS_TOKEN as string,
    },
    ...keyringSecrets(stackSecrets.REGKEY_ENCRYPTION_KEYS as string),
    ...regKeys.map((value, i) => ({ name: `regKey[${i}]`, value })),
  ];
  // The scanner can see them: the sandbox's own ledger does hold the regKeys.
  expect(findSecrets("sandbox ledger", ledgerText, secrets).length).toBeGreaterThan(0);

  // API answers not yet seen: the session, the admin's CSV and run progress, a renewal run, the clock.
  const admin = await request.post("/api/auth/callback/credentials", {
    form: {
      email: ADMIN.email,
      password: ADMIN.password,
      csrfToken: await csrfToken(request),
      json: "true",
    },
  });
  expect(admin.status()).toBe(200);
  for (const path of [
    "/api/auth/session",
    "/api/auth/providers",
    "/api/health",
    "/api/admin/orders/export",
    "/api/admin/renewals/progress?runnerId=admin-00000000",
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    await recordBody(seenBodies, path, response);
  }
  await recordBody(
    seenBodies,
    "renewal run",
    await request.post("/api/linepay/renewals", { headers: CRON_BEARER }),
  );
  await recordBody(
    seenBodies,
    "test clock",
    await request.get("/api/test-clock", { headers: CRON_BEARER }),
  );
  expect(seenBodies.filter((b) => b.text.includes("<html")).length).toBeGreaterThan(10);

  const bundle = filesUnder(".next/static");
  expect(bundle.some((f) => f.endsWith(".js"))).toBe(true);
  const findings = [
    ...bundle.flatMap((file) => findSecrets(file, readFileSync(file, "latin1"), secrets)),
    ...seenBodies.flatMap(({ where, text }) => findSecrets(where, text, secrets)),
    ...findSecrets(E2E_APP_LOG, readFileSync(E2E_APP_LOG, "utf8"), secrets),
  ];
  expect(findings).toEqual([]);
  // The build ran before this stack's secrets existed, so also check that no server-only setting is
  // even named in the browser's code: that would mean server config was bundled for the client.
  const named = bundle.filter((file) =>
    /LINEPAY_CHANNEL_SECRET|NEXTAUTH_SECRET|REGKEY_ENCRYPTION_KEYS|CRON_SECRET|DATABASE_URL/.test(
      readFileSync(file, "latin1"),
    ),
  );
  expect(named).toEqual([]);
  const logBytes = readFileSync(E2E_APP_LOG).length;
  console.log(
    `[secrets] ${secrets.length} secrets (incl. ${regKeys.length} regKeys) in plain, URL, JSON, base64 and hex forms: ${bundle.length} client bundle files, ${seenBodies.length} pages and API answers, ${logBytes} bytes of app log: 0 found`,
  );
});
