// Four renewal runners started together as separate OS processes (each with its own database
// connection and LINE Pay client, as schedulers start them) over the same 500 due subscriptions:
// every subscription is charged exactly once at the sandbox and paid once in the database.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenewalRunSummary } from "@/lib/subscriptions/renewal-engine";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { runnerProcessEnv } from "../helpers/spawn-renewal-runner";
import { movableClock, subscribe } from "../helpers/subscription-harness";

const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const run = promisify(execFile);
import { PROVIDERS } from "../helpers/test-databases";

const SUBSCRIPTIONS = 500;
const RUNNERS = 4;

describe.each(PROVIDERS)("[%s] parallel renewal runners", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`${RUNNERS} runners over ${SUBSCRIPTIONS} due subscriptions make exactly ${SUBSCRIPTIONS} charges`, async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const limit = pLimit(10);
    const created = await Promise.all(
      Array.from({ length: SUBSCRIPTIONS }, () => limit(() => subscribe(h, deps))),
    );
    const ids = created.map((c) => c.subscription.id);
    const latestEnd = Math.max(
      ...created.map((c) => (c.subscription.currentPeriodEnd as Date).getTime()),
    );
    clock.set(new Date(latestEnd + 1000));
    // A little LINE Pay latency so the runners really overlap.
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved" },
      action: { type: "delay", ms: 20 },
    });

    const summaries = await Promise.all(
      Array.from({ length: RUNNERS }, async (_, i) => {
        const { stdout, stderr } = await run(
          process.execPath,
          [tsx, "tests/helpers/renewal-runner-process.ts"],
          {
            env: {
              ...process.env,
              ...runnerProcessEnv({
                databaseUrl: h.database.url,
                sandboxUrl: h.sandbox.url,
                keyringSpec: h.keyringSpec,
                clockOffsetMs: clock.now().getTime() - Date.now(),
              }),
              RUNNER_ID: `runner-${i}`,
            },
            maxBuffer: 10 * 1024 * 1024,
          },
        );
        return {
          ...(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as RenewalRunSummary),
          stderr,
        };
      }),
    );
    const report = JSON.stringify(
      summaries.map(({ stderr, ...s }) => ({ ...s, stderr: stderr.slice(-2000) })),
      null,
      1,
    );
    expect(
      summaries.reduce((sum, s) => sum + s.errors, 0),
      report,
    ).toBe(0);
    expect(
      summaries.reduce((sum, s) => sum + s.charged, 0),
      report,
    ).toBe(SUBSCRIPTIONS);
    // The work was shared: more than one runner charged something.
    expect(summaries.filter((s) => s.charged > 0).length).toBeGreaterThan(1);

    const ledger = await h.ledger();
    const idSet = new Set(ids);
    const chargesPerSubscription = new Map<string, number>();
    for (const t of ledger.transactions) {
      const match = /^SUB-(.+)-1-\d+$/.exec(t.orderId);
      if (!match?.[1] || !idSet.has(match[1]) || t.state !== "CAPTURED") continue;
      chargesPerSubscription.set(match[1], (chargesPerSubscription.get(match[1]) ?? 0) + 1);
    }
    expect(chargesPerSubscription.size).toBe(SUBSCRIPTIONS);
    expect([...chargesPerSubscription.values()].every((n) => n === 1)).toBe(true);
    expect(
      await h.database.db.billingPeriod.count({
        where: { subscriptionId: { in: ids }, periodIndex: 1, status: "PAID" },
      }),
    ).toBe(SUBSCRIPTIONS);
    expect(
      await h.database.db.chargeAttempt.count({
        where: { period: { subscriptionId: { in: ids } }, status: "SUCCEEDED" },
      }),
    ).toBe(SUBSCRIPTIONS);
    expect(
      await h.database.db.subscription.count({
        where: { id: { in: ids }, currentPeriodIndex: 1, status: "ACTIVE", claimedBy: null },
      }),
    ).toBe(SUBSCRIPTIONS);
  }, 300_000);
});
