// What a renewal run's concurrency means (lib/subscriptions/renewal-engine.ts): it bounds the LINE
// Pay calls in flight, and only those. The run reaches the bound and never passes it, and while the
// calls wait on LINE Pay the next renewals are already claimed with their attempts written, so the
// call slots never wait on the database. A run with `inProgress: 1` is the tutorials' loop: one
// renewal at a time, database work included.
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RefundGateway, RenewalGateway } from "@/lib/payments/payment-gateway";
import { createPaymentProviders } from "@/lib/payments/payment-providers";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { movableClock, renewalDeps, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

const SUBSCRIPTIONS = 40;

describe.each(PROVIDERS)("[%s] renewal run concurrency", (provider) => {
  let h: CheckoutHarness;
  let ids: string[];
  const clock = movableClock();

  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    const deps = h.depsWith({}, clock.now);
    const limit = pLimit(5);
    ids = (
      await Promise.all(
        Array.from({ length: SUBSCRIPTIONS }, () => limit(() => subscribe(h, deps))),
      )
    ).map((c) => c.subscription.id);
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved" },
      action: { type: "delay", ms: 40 },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Moves the clock past every period end, runs renewals through a gateway that watches the calls. */
  async function renewWatched(options: { concurrency: number; inProgress?: number }) {
    const { _max } = await h.database.db.subscription.aggregate({
      _max: { currentPeriodEnd: true },
    });
    clock.set(new Date((_max.currentPeriodEnd as Date).getTime() + 1000));
    const base = renewalDeps(h.depsWith({}, clock.now));
    let inFlight = 0;
    let maxInFlight = 0;
    // Attempts written and not yet settled, seen as each call starts.
    const openAtCallStart: number[] = [];
    const linePay = base.payments.gatewayFor("LINEPAY");
    const gateway: RenewalGateway & RefundGateway = {
      ...linePay,
      payPreapproved: async (regKey, input, ctx) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          openAtCallStart.push(
            await h.database.db.chargeAttempt.count({ where: { status: "PENDING" } }),
          );
          return await linePay.payPreapproved(regKey, input, ctx);
        } finally {
          inFlight--;
        }
      },
    };
    const summary = await runRenewals(
      { ...base, payments: createPaymentProviders({ LINEPAY: gateway }, "LINEPAY") },
      { trigger: "test", ...options },
    );
    return { summary, maxInFlight, openAtCallStart };
  }

  async function expectEachChargedOnce(periodIndex: number) {
    const charges = new Map<string, number>();
    for (const t of (await h.ledger()).transactions) {
      const match = new RegExp(`^SUB-(.+)-${periodIndex}-\\d+$`).exec(t.orderId);
      if (match?.[1] && t.state === "CAPTURED")
        charges.set(match[1], (charges.get(match[1]) ?? 0) + 1);
    }
    expect(ids.map((id) => charges.get(id) ?? 0)).toEqual(ids.map(() => 1));
    expect(
      await h.database.db.billingPeriod.count({
        where: { subscriptionId: { in: ids }, periodIndex, status: "PAID" },
      }),
    ).toBe(SUBSCRIPTIONS);
    expect(await h.database.db.chargeAttempt.count({ where: { status: "PENDING" } })).toBe(0);
  }

  it("concurrency 4: exactly 4 LINE Pay calls at a time at most, with the next renewals opened while they wait", async () => {
    const { summary, maxInFlight, openAtCallStart } = await renewWatched({ concurrency: 4 });
    expect(summary).toMatchObject({ due: SUBSCRIPTIONS, charged: SUBSCRIPTIONS, errors: 0 });
    expect(maxInFlight).toBe(4);
    // Up to 2 × 4 renewals under way: more attempts written than calls in flight.
    expect(Math.max(...openAtCallStart)).toBeGreaterThan(4);
    expect(Math.max(...openAtCallStart)).toBeLessThanOrEqual(8);
    await expectEachChargedOnce(1);
  });

  it("concurrency 1 with one renewal in progress: one at a time, from claim to recorded outcome", async () => {
    const { summary, maxInFlight, openAtCallStart } = await renewWatched({
      concurrency: 1,
      inProgress: 1,
    });
    expect(summary).toMatchObject({ due: SUBSCRIPTIONS, charged: SUBSCRIPTIONS, errors: 0 });
    expect(maxInFlight).toBe(1);
    // Each call starts with its own attempt the only one open.
    expect(openAtCallStart).toEqual(ids.map(() => 1));
    await expectEachChargedOnce(2);
  });
});
