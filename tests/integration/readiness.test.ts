// Readiness against a real database (SQLite and Postgres) and the real jobs: runs that finished
// recently make it ready; when the scheduler stops, the app clock passing a job's limit makes it
// not ready; the needs-attention count is the open orders flagged for a human.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { readReadinessFacts } from "@/lib/db/readiness-repository";
import { assessReadiness } from "@/lib/health/readiness";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { movableClock, type MovableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

const MINUTE = 60_000;
const LIMITS = { renewalsStaleAfterMinutes: 180, reconcileStaleAfterMinutes: 30 };

describe.each(PROVIDERS)("[%s] readiness", (provider) => {
  let h: CheckoutHarness;
  let clock: MovableClock;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock();
  });
  afterAll(async () => {
    await h?.close();
  });

  const readiness = async () =>
    assessReadiness(await readReadinessFacts(h.database.db), clock.now(), LIMITS);

  async function reconcileNow() {
    const deps = h.depsWith({}, clock.now);
    await runReconciliation(
      { checkout: deps, renewal: renewalDepsFrom(deps), schedule: DEFAULT_RECONCILE_SCHEDULE },
      { trigger: "test" },
    );
  }

  async function runJobs() {
    await runRenewals(renewalDepsFrom(h.depsWith({}, clock.now)), {
      trigger: "test",
      concurrency: 2,
    });
    await reconcileNow();
  }

  it("is not ready before any job ran, ready after both ran, and stale once the scheduler stops", async () => {
    expect(await readiness()).toMatchObject({
      ok: false,
      renewals: { ok: false, lastCompletedAt: null },
      reconciliation: { ok: false, lastCompletedAt: null },
    });

    await runJobs();
    const fresh = await readiness();
    expect(fresh).toMatchObject({ ok: true, renewals: { ok: true }, reconciliation: { ok: true } });
    const ranAt = new Date(fresh.reconciliation.lastCompletedAt!);

    // The scheduler stops: at the reconciliation limit still ready, one minute later not.
    clock.set(new Date(ranAt.getTime() + 30 * MINUTE - 1000));
    expect((await readiness()).ok).toBe(true);
    clock.advance(MINUTE);
    expect(await readiness()).toMatchObject({
      ok: false,
      renewals: { ok: true },
      reconciliation: { ok: false },
    });

    // It starts again: ready again; then past the renewal limit without renewals, not ready.
    await reconcileNow();
    expect((await readiness()).ok).toBe(true);
    clock.advance(180 * MINUTE);
    await reconcileNow();
    expect(await readiness()).toMatchObject({
      ok: false,
      renewals: { ok: false },
      reconciliation: { ok: true },
    });
  });

  it("counts open orders flagged for a human, not settled ones", async () => {
    const db = h.database.db;
    const before = (await readiness()).needsAttention!.count;
    const flag = async () => {
      const shopper = await h.createShopper();
      const started = await startCheckout(h.deps, {
        userId: shopper.id,
        planCode: "vip-30",
        preferAppUrl: false,
      });
      // Setup only: what the reconciliation job writes when it gives up on an order.
      return db.order.update({
        where: { orderId: started.orderId },
        data: { attentionSince: new Date(), attentionReason: "test" },
      });
    };
    const open = await flag();
    const settled = await flag();
    await db.order.update({ where: { id: settled.id }, data: { status: "FAILED" } });
    expect(open.status).toBe("PENDING");
    expect((await readiness()).needsAttention).toEqual({ count: before + 1 });
  });
});
