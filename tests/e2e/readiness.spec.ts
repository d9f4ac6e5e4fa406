// Readiness end to end with the app's test clock: after the cron routes ran, /api/health/ready is
// 200 and the back office's glance is green; when the scheduler stops, the clock passing the
// reconciliation limit (30 min by default) turns both unhealthy, while /api/health (liveness) stays 200.
import { type APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { E2E_CRON_SECRET } from "./stack-config";

const ADMIN = { email: "admin@example.com", password: "admin-demo-1" };
const MINUTE = 60_000;
const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

interface ReadinessBody {
  ok: boolean;
  renewals: { ok: boolean; lastCompletedAt: string | null; staleAfterSeconds: number };
  reconciliation: { ok: boolean; lastCompletedAt: string | null; staleAfterSeconds: number };
  needsAttention: { count: number } | null;
}

async function readiness(request: APIRequestContext) {
  const response = await request.get("/api/health/ready");
  return { status: response.status(), body: (await response.json()) as ReadinessBody };
}

async function setClock(request: APIRequestContext, at: Date) {
  const moved = await request.post("/api/test-clock", {
    headers: auth,
    data: { nowIso: at.toISOString() },
  });
  expect(moved.status()).toBe(200);
}

test.afterEach(async ({ request }) => {
  await setClock(request, new Date());
});

test("a stopped scheduler turns readiness and the admin glance unhealthy within the limit", async ({
  page,
  request,
}) => {
  // Start after every run other tests recorded (some ran with the clock moved ahead).
  const { body: before } = await readiness(request);
  const latest = [before.renewals.lastCompletedAt, before.reconciliation.lastCompletedAt]
    .map((iso) => (iso ? Date.parse(iso) : 0))
    .reduce((a, b) => Math.max(a, b), Date.now());
  const start = new Date(latest + MINUTE);
  await setClock(request, start);

  for (const job of ["renewals", "reconcile"]) {
    expect((await request.post(`/api/linepay/${job}`, { headers: auth })).status()).toBe(200);
  }
  const fresh = await readiness(request);
  expect(fresh.status).toBe(200);
  expect(fresh.body).toMatchObject({
    ok: true,
    renewals: { ok: true },
    reconciliation: { ok: true },
  });
  expect(fresh.body.reconciliation.staleAfterSeconds).toBe(30 * 60);
  expect(fresh.body.needsAttention?.count).toBeGreaterThanOrEqual(0);

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/orders");
  await expect(page.getByTestId("health-glance")).toHaveAttribute("data-ok", "true");
  await expect(page.getByTestId("health-glance")).toContainText("Scheduled jobs are running");

  // No scheduler from here on: 29 minutes later still ready, 31 minutes later not.
  await setClock(request, new Date(start.getTime() + 29 * MINUTE));
  expect((await readiness(request)).status).toBe(200);
  await setClock(request, new Date(start.getTime() + 31 * MINUTE));
  const stale = await readiness(request);
  expect(stale.status).toBe(503);
  expect(stale.body).toMatchObject({
    ok: false,
    renewals: { ok: true },
    reconciliation: { ok: false },
  });
  expect((await request.get("/api/health")).status()).toBe(200);

  await page.reload();
  const glance = page.getByTestId("health-glance");
  await expect(glance).toHaveAttribute("data-ok", "false");
  await expect(page.getByTestId("health-reconciliation")).toContainText(
    "Older than the 30-minute limit",
  );
  await expect(page.getByTestId("health-renewals")).toHaveAttribute("data-ok", "true");
});
