// A yearly and a monthly subscription renew every period in the local sandbox over a year or two of
// test-clock time (the demo's story): the sandbox's
// regKey must outlive a yearly period (LINE Pay documents only that a regKey "has an expiration
// date"; see lib/linepay-sandbox/README.md), with the app and sandbox clocks moved together.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "@/lib/server/app-deps";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { movableClock, renew, subscribe, type MovableClock } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] yearly and monthly renewals in the sandbox", (provider) => {
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

  it("charges every monthly period of a year as each falls due, none missed and none twice", async () => {
    const { subscription } = await subscribe(h, deps, "vip-monthly");
    for (let month = 1; month <= 12; month++) {
      // The run before a due date may only check the regKey; the charge comes at the due date.
      for (let run = 0; run < 3; run++) {
        const before = await deps.db.subscription.findUniqueOrThrow({
          where: { id: subscription.id },
        });
        if (before.currentPeriodIndex === month) break;
        await moveClocksTo(new Date(before.nextActionAt!.getTime() + 60_000));
        const summary = await renew(deps);
        expect(summary).toMatchObject({ declined: 0, rebind: 0, errors: 0 });
      }
      const after = await deps.db.subscription.findUniqueOrThrow({
        where: { id: subscription.id },
      });
      expect(after.status).toBe("ACTIVE");
      expect(after.currentPeriodIndex).toBe(month);
    }
    const periods = await deps.db.billingPeriod.findMany({
      where: { subscriptionId: subscription.id },
      orderBy: { periodIndex: "asc" },
    });
    expect(periods.map((p) => [p.periodIndex, p.status])).toEqual(
      Array.from({ length: 13 }, (_, i) => [i, "PAID"]),
    );
    // Back to back: each period starts where the one before ended.
    for (let i = 1; i < periods.length; i++)
      expect(periods[i]!.startsAt).toEqual(periods[i - 1]!.endsAt);
  });
});
