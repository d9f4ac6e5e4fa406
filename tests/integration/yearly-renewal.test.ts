// A yearly subscription renews in the local sandbox after a year of test-clock time: the sandbox's
// regKey must outlive a yearly period (LINE Pay documents only that a regKey "has an expiration
// date"; see lib/linepay-sandbox/README.md), with the app and sandbox clocks moved together.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "@/lib/server/app-deps";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { movableClock, renew, subscribe, type MovableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] yearly renewal in the sandbox", (provider) => {
  let h: CheckoutHarness;
  let clock: MovableClock;
  let deps: AppDeps;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock();
    deps = h.depsWith({}, clock.now);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Moves the app clock and the sandbox's to `at`, as POST /api/test-clock does. */
  async function moveClocksTo(at: Date): Promise<void> {
    clock.set(at);
    const response = await fetch(`${h.sandbox.url}/__sandbox/clock`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ nowIso: at.toISOString() }),
    });
    expect(response.ok).toBe(true);
  }

  it("charges each yearly period when it falls due, with the first regKey still alive", async () => {
    const { subscription } = await subscribe(h, deps, "vip-yearly");
    for (let year = 1; year <= 2; year++) {
      const before = await deps.db.subscription.findUniqueOrThrow({
        where: { id: subscription.id },
      });
      await moveClocksTo(new Date(before.nextActionAt!.getTime() + 60_000));
      const summary = await renew(deps);
      expect(summary).toMatchObject({ charged: 1, declined: 0, rebind: 0, errors: 0 });
      const after = await deps.db.subscription.findUniqueOrThrow({
        where: { id: subscription.id },
      });
      expect(after.status).toBe("ACTIVE");
      expect(after.currentPeriodIndex).toBe(year);
    }
    const paidRenewals = await deps.db.order.count({
      where: { subscriptionId: subscription.id, kind: "RENEWAL", status: "PAID" },
    });
    expect(paidRenewals).toBe(2);
  });
});
