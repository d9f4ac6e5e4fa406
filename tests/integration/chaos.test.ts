// Chaos: hundreds of purchases, renewals and refunds against the sandbox with a fixed-seed share of
// LINE Pay calls faulted (lost answers after the money moved, 500s, connection resets, answers slower
// than the client's timeout, declines, failed lookups) and shoppers who close the tab or walk away.
// After the reconciliation job the app's books must equal the sandbox's exactly: every captured
// transaction matches one paid order (and, for renewals, one paid period) with the same amount, no
// period is paid twice, refunds never exceed what was paid, nothing is left open, and the revenue
// rollup equals its recomputation from the rows.
// SinoPac card and ATM purchases run beside them (tests/helpers/sinopac-chaos.ts): faulted QPay
// calls, lost and retried BackendURL notifications, racing browser returns; their books must equal
// the SinoPac emulator's ledger the same way.
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { FaultRuleInput } from "@/lib/linepay-sandbox/fault-schema";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import type { AppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";
import { checkOrderTotals } from "@/lib/db/order-totals-rebuild";
import { checkRevenueRollup } from "@/lib/db/revenue-rollup-rebuild";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import {
  DAY_MS,
  movableClock,
  subscribe,
  type MovableClock,
} from "../helpers/subscription-harness";
import {
  planSinoPacPurchase,
  startSinoPacChaos,
  type SinoPacChaos,
} from "../helpers/sinopac-chaos";
import { PROVIDERS } from "../helpers/test-databases";

const SEED = 20261122;
const PURCHASES = Number(process.env.CHAOS_PURCHASES ?? 300);
const RENEWALS = Number(process.env.CHAOS_RENEWALS ?? 300);
const SINOPAC_PURCHASES = Number(process.env.CHAOS_SINOPAC_PURCHASES ?? 120);
const REFUNDS = 60;
const MINUTE = 60_000;
// Short client timeouts so an answer "slower than the timeout" costs seconds, not forty. On a busy
// machine a real answer may miss them too: that is one more lost answer for reconciliation.
const TIMEOUT_MS = 1_500;
const SLOW_MS = 2_500;

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick<T> = ReadonlyArray<readonly [number, T]>;
function pick<T>(random: () => number, table: Pick<T>, otherwise: T): T {
  let roll = random();
  for (const [p, value] of table) {
    if (roll < p) return value;
    roll -= p;
  }
  return otherwise;
}

type MoneyFault = FaultRuleInput["action"] | null;
type SinoPacFault = Parameters<SinoPacChaos["addFault"]>[1];
const SINOPAC_QUERY_FAULTS: Pick<SinoPacFault> = [
  [0.4, { action: "http500" }],
  [0.2, { action: "drop_after" }],
  [0.15, { action: "bad_sign" }],
  [0.15, { action: "delay_after", delayMs: SLOW_MS }],
];
const MONEY_FAULTS: Pick<MoneyFault> = [
  [0.2, { type: "commitThenDrop" }], // the money moves, the answer is lost
  [0.12, { type: "http500" }],
  [0.08, { type: "reset" }],
  [0.05, { type: "delay", ms: SLOW_MS }], // processed after the client gave up
];

describe.each(PROVIDERS)("[%s] chaos: faulted provider calls, then reconciliation", (provider) => {
  let h: CheckoutHarness;
  let sinopac: SinoPacChaos;
  let clock: MovableClock;
  /** Default LINE Pay timeouts, for setting up subscriptions; `deps` has short ones for the chaos. */
  let setupDeps: AppDeps;
  let deps: AppDeps;
  const random = seededRandom(SEED);
  const figures = {
    faultRules: 0,
    shoppers: { return: 0, close_tab: 0, cancel: 0, abandon: 0 } as Record<string, number>,
  };

  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock();
    setupDeps = h.depsWith({}, clock.now);
    sinopac = await startSinoPacChaos({
      db: h.database.db,
      now: clock.now,
      timeoutMs: TIMEOUT_MS,
      notifyDeps: () => deps,
    });
    deps = {
      ...h.depsWith(
        {
          timeouts: {
            confirmPayment: TIMEOUT_MS,
            payPreapproved: TIMEOUT_MS,
            refundPayment: TIMEOUT_MS,
          },
        },
        clock.now,
      ),
      collections: { SINOPAC: sinopac.gateway },
      appBaseUrl: sinopac.shopUrl, // where SinoPac's BackendURL deliveries go
    };
  }, 120_000);
  afterAll(async () => {
    await sinopac?.close();
    await h?.close();
  });

  const db = () => h.database.db;
  const addFault = (rule: FaultRuleInput) => {
    h.sandbox.faults.add({ ...rule, times: 1 });
    figures.faultRules++;
  };
  const advance = (ms: number) => {
    clock.advance(ms);
    h.sandbox.clock.advance(ms);
  };

  type PurchasePlan = {
    plan: string;
    requestFault: MoneyFault;
    behaviour: "return" | "close_tab" | "cancel" | "abandon";
    confirmFault: MoneyFault;
    lookupFails: boolean;
  };
  /** Drawn up front, in order, so the same seed gives the same faults whatever order the calls finish in. */
  const planPurchase = (): PurchasePlan => ({
    plan: pick(random, [[0.5, "vip-30"]], "vip-90"),
    requestFault: pick<MoneyFault>(
      random,
      [
        [0.05, { type: "http500" }],
        [0.05, { type: "commitThenDrop" }],
      ],
      null,
    ),
    behaviour: pick(
      random,
      [
        [0.7, "return"],
        [0.1, "close_tab"],
        [0.1, "cancel"],
      ],
      "abandon" as const,
    ),
    confirmFault: pick(random, MONEY_FAULTS, null),
    lookupFails: random() < 0.4,
  });

  async function purchase(
    i: number,
    { plan, requestFault, behaviour, confirmFault, lookupFails }: PurchasePlan,
  ): Promise<void> {
    const shopper = await h.createShopper(`chaos-${provider}-${i}@example.com`);
    figures.shoppers[behaviour] = (figures.shoppers[behaviour] ?? 0) + 1;
    if (requestFault) addFault({ match: { endpoint: "request" }, action: requestFault });
    let started;
    try {
      started = await startCheckout(deps, {
        userId: shopper.id,
        planCode: plan,
        preferAppUrl: false,
      });
    } catch {
      return; // the request failed: the order is FAILED and nothing can be charged
    }
    const order = await db().order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const transactionId = order.transactionId!;
    if (behaviour === "abandon") return;
    if (behaviour === "cancel") {
      const back = redirectParams((await h.shopperAction(transactionId, "cancel")).redirectUrl);
      if (lookupFails)
        addFault({
          match: { endpoint: "paymentDetails", transactionId },
          action: { type: "http500" },
        });
      await cancelCheckout(deps, { orderId: back.orderId, transactionId: back.transactionId });
      return;
    }
    const back = redirectParams((await h.shopperAction(transactionId, "approve")).redirectUrl);
    // A failing lookup only matters where one follows: the job's first check, or a lost confirm answer.
    if (lookupFails && (behaviour === "close_tab" || confirmFault))
      addFault({
        match: { endpoint: "paymentDetails", transactionId },
        action: { type: "http500" },
      });
    if (behaviour === "close_tab") return;
    if (confirmFault)
      addFault({ match: { endpoint: "confirm", transactionId }, action: confirmFault });
    await confirmCheckout(deps, back);
  }

  async function reconcileUntilSettled(label: string) {
    // The clocks jump minutes at a time, but an answer the sandbox is still "slowly" processing
    // (the delay fault) finishes in real time: let it finish, as it would in the minutes skipped.
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS + 500));
    const runs = [];
    // Walk the back-off schedule: in-flight window, 5 min, 1 h, then daily.
    for (const step of [
      3 * MINUTE,
      6 * MINUTE,
      21 * MINUTE,
      61 * MINUTE,
      DAY_MS + MINUTE,
      DAY_MS + MINUTE,
    ]) {
      advance(step);
      for (let n = 0; n < 4; n++)
        sinopac.addFault(
          pick(random, [[0.5, "OrderQuery"]], "OrderPayQuery"),
          pick(random, SINOPAC_QUERY_FAULTS, null),
        );
      // SinoPac's BackendURL retries fall due as the clock moves: they race the job.
      const [run] = await Promise.all([
        runReconciliation(
          {
            checkout: deps,
            renewal: renewalDepsFrom(deps),
            schedule: DEFAULT_RECONCILE_SCHEDULE,
          },
          { trigger: `chaos-${label}` },
        ),
        sinopac.emulator.tick(),
      ]);
      runs.push(run);
      await runRenewals(renewalDepsFrom(deps), { trigger: `chaos-${label}`, concurrency: 20 });
      if ((await openOrders()) === 0) break;
    }
    return runs;
  }

  const openOrders = () =>
    db().order.count({
      where: {
        OR: [
          { status: { in: ["PENDING", "CONFIRMING", "UNKNOWN"] } },
          { refundPendingMinor: { gt: 0 } },
        ],
      },
    });

  it(`${PURCHASES} purchases, ${RENEWALS} renewals and ${REFUNDS} refunds with faults end with books equal to LINE Pay's and SinoPac's`, async () => {
    // Subscriptions to renew (set up without faults: their renewals are the chaos).
    const limit = pLimit(8);
    const subscriptions = await Promise.all(
      Array.from({ length: RENEWALS }, () =>
        limit(async () => (await subscribe(h, setupDeps)).subscription),
      ),
    );
    const eventsBefore = await db().paymentEvent.count();
    const faultsBefore = figures.faultRules;

    // Purchases, eight shoppers at a time.
    const plans = Array.from({ length: PURCHASES }, planPurchase);
    const draw = <T>(table: Pick<T>, otherwise: T) => pick(random, table, otherwise);
    const sinopacPlans = Array.from({ length: SINOPAC_PURCHASES }, () =>
      planSinoPacPurchase(draw, SLOW_MS),
    );
    const sinopacFaultsBefore = sinopac.faultRules;
    await Promise.all([
      ...plans.map((plan, i) => limit(() => purchase(i, plan))),
      ...sinopacPlans.map((plan, i) =>
        limit(async () => {
          const shopper = await h.createShopper(`chaos-sinopac-${provider}-${i}@example.com`);
          await sinopac.purchase(deps, shopper.id, plan);
        }),
      ),
    ]);
    // Reconcile the purchases within LINE Pay's 20-minute window, so closed tabs are confirmed, not expired.
    const openAfterPurchases = await openOrders();
    const purchaseRuns = await reconcileUntilSettled("purchases");
    const closedTabsConfirmed = await db().order.count({
      where: {
        kind: "ONE_TIME",
        status: "PAID",
        statusChanges: { some: { actor: "system:reconcile", toStatus: "CONFIRMING" } },
      },
    });

    // Renewals: a month later every subscription is due; charges and their lookups faulted.
    for (const subscription of subscriptions) {
      const orderId = `SUB-${subscription.id}-1-1`;
      const fault = pick<MoneyFault>(
        random,
        [...MONEY_FAULTS, [0.05, { type: "returnCode", returnCode: "1142" }]],
        null,
      );
      if (fault) addFault({ match: { endpoint: "payPreapproved", orderId }, action: fault });
      if (random() < 0.4)
        addFault({ match: { endpoint: "paymentDetails", orderId }, action: { type: "http500" } });
    }
    clock.set(
      new Date(Math.max(...subscriptions.map((s) => s.currentPeriodEnd!.getTime())) + MINUTE),
    );
    h.sandbox.clock.setNow(clock.now());
    await Promise.all(
      Array.from({ length: 4 }, () =>
        runRenewals(renewalDepsFrom(deps), { trigger: "chaos", concurrency: 20 }),
      ),
    );

    // Refunds of paid one-time orders, some double-submitted, their answers faulted.
    const paid = await db().order.findMany({
      where: { kind: "ONE_TIME", status: "PAID", provider: "LINEPAY" },
      take: REFUNDS,
      orderBy: { createdAt: "asc" },
    });
    const refundPlans = paid.map((order) => ({
      fault: pick(random, MONEY_FAULTS, null),
      amountMinor:
        random() < 0.5 ? order.amountMinor : Math.max(1, Math.floor(order.amountMinor * random())),
    }));
    await Promise.all(
      paid.map((order, i) =>
        limit(async () => {
          const { fault, amountMinor } = refundPlans[i]!;
          if (fault)
            addFault({
              match: { endpoint: "refund", transactionId: order.transactionId! },
              action: fault,
            });
          const input = {
            merchantOrderId: order.orderId,
            amountMinor,
            reason: "chaos",
            idempotencyKey: `chaos-${order.id}`,
            actor: "admin:chaos",
            actorLabel: "chaos",
          };
          await (i % 5 === 0
            ? Promise.all([refundOrder(deps, input), refundOrder(deps, input)])
            : refundOrder(deps, input));
        }),
      ),
    );

    const openBefore = await openOrders();
    const runs = [...purchaseRuns, ...(await reconcileUntilSettled("settle"))];
    // Every rule applies once: the ones gone from the registry are the calls that were faulted.
    const faultedCalls = figures.faultRules - faultsBefore - h.sandbox.faults.size;
    const sinopacFaulted = sinopac.faultRules - sinopacFaultsBefore - sinopac.faultsLeft();
    const sinopacCalls = await db().paymentEvent.count({
      where: { endpoint: { startsWith: "sinopac:" } },
    });
    const providerCalls = (await db().paymentEvent.count()) - eventsBefore - sinopacCalls;

    // ---- The books ----
    const ledger = await h.ledger();
    type Tx = (typeof ledger.transactions)[number] & {
      capturedAmount: number | null;
      refundedAmount: number | null;
    };
    const captured = (ledger.transactions as Tx[]).filter((t) => t.state === "CAPTURED");
    const allOrders = await db().order.findMany({ where: { transactionId: { not: null } } });
    const orders = allOrders.filter((o) => o.provider === "LINEPAY");
    const byTransaction = new Map(orders.map((o) => [o.transactionId!, o]));
    const PAID_STATES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);
    const differences: string[] = [];
    for (const tx of captured) {
      const order = byTransaction.get(tx.transactionId);
      if (!order) differences.push(`captured ${tx.transactionId} (${tx.orderId}) has no order`);
      else if (!PAID_STATES.has(order.status))
        differences.push(
          `captured ${tx.transactionId} but order ${order.orderId} is ${order.status}`,
        );
      else if (order.amountMinor !== tx.capturedAmount)
        differences.push(
          `${order.orderId}: paid ${order.amountMinor}, LINE Pay captured ${tx.capturedAmount}`,
        );
      else if (order.refundedMinor !== (tx.refundedAmount ?? 0))
        differences.push(
          `${order.orderId}: refunded ${order.refundedMinor}, LINE Pay refunded ${tx.refundedAmount}`,
        );
      if ((tx.refundedAmount ?? 0) > (tx.capturedAmount ?? 0))
        differences.push(`${tx.transactionId}: refunds exceed the payment`);
    }
    const capturedIds = new Set(captured.map((t) => t.transactionId));
    for (const order of orders) {
      if (PAID_STATES.has(order.status) && !capturedIds.has(order.transactionId!))
        differences.push(`order ${order.orderId} is ${order.status} but LINE Pay captured nothing`);
    }
    // Renewals: one capture per (subscription, period), matching one SUCCEEDED attempt and one PAID period.
    const renewalCaptures = captured.filter((t) => t.orderId.startsWith("SUB-"));
    const perPeriod = new Map<string, number>();
    for (const tx of renewalCaptures) {
      const key = tx.orderId.replace(/-\d+$/, "");
      perPeriod.set(key, (perPeriod.get(key) ?? 0) + 1);
    }
    const doubleCharges = [...perPeriod.values()].filter((n) => n > 1).length;
    const succeeded = await db().chargeAttempt.findMany({
      where: { status: "SUCCEEDED" },
      include: { period: true },
    });
    const attemptByTx = new Map(succeeded.map((a) => [a.transactionId, a]));
    for (const tx of renewalCaptures) {
      const attempt = attemptByTx.get(tx.transactionId);
      if (!attempt) differences.push(`renewal capture ${tx.orderId} has no SUCCEEDED attempt`);
      else if (attempt.period.status !== "PAID")
        differences.push(`renewal capture ${tx.orderId}: period ${attempt.period.status}`);
    }
    const paidPeriods = await db().billingPeriod.count({
      where: { status: "PAID", periodIndex: { gt: 0 } },
    });
    if (paidPeriods !== renewalCaptures.length)
      differences.push(
        `${paidPeriods} paid renewal periods, ${renewalCaptures.length} renewal captures`,
      );
    const lost = differences.filter(
      (d) => d.includes("has no order") || d.includes("but order"),
    ).length;

    // ---- What the shoppers were told: exactly one notice per money event, none without one ----
    const notices = await db().notice.findMany({ select: { kind: true, dedupeKey: true } });
    const paidOrderIds = allOrders.filter((o) => PAID_STATES.has(o.status)).map((o) => o.id);
    const refundIds = (await db().refund.findMany({ where: { status: "SUCCEEDED" } })).map(
      (r) => r.id,
    );
    const keysOf = (kind: string) =>
      notices
        .filter((n) => n.kind === kind)
        .map((n) => n.dedupeKey)
        .sort();
    const expectedKeys = (kind: string, ids: string[]) => ids.map((id) => `${kind}:${id}`).sort();
    const declinedIds = new Set(
      (await db().chargeAttempt.findMany({ where: { status: "DECLINED" } })).map((a) => a.id),
    );
    const strayFailureNotices = keysOf("renewal-failed").filter(
      (key) => !declinedIds.has(key.slice("renewal-failed:".length)),
    );

    const sinopacBooks = await sinopac.books(db());
    const sinopacPaid = allOrders.filter(
      (o) => o.provider === "SINOPAC" && PAID_STATES.has(o.status),
    ).length;

    const openAfter = await openOrders();
    const flagged = await db().order.count({ where: { attentionSince: { not: null } } });
    console.log(
      `[chaos ${provider}] seed ${SEED}: ${PURCHASES} purchases (${JSON.stringify(figures.shoppers)}), ${RENEWALS} renewals, ${paid.length} refunds; ` +
        `${providerCalls} LINE Pay calls, ${faultedCalls} faulted (${((100 * faultedCalls) / providerCalls).toFixed(1)}%); ` +
        `open before reconciliation ${openAfterPurchases} after purchases (closed tabs confirmed by the job ${closedTabsConfirmed}) + ${openBefore} after renewals and refunds, ${runs.length} reconciliation runs settled ${runs.reduce((n, r) => n + r.settled, 0)}, open after ${openAfter}, flagged ${flagged}; ` +
        `captured ${captured.length} (renewals ${renewalCaptures.length}), payments lost ${lost}, double charges ${doubleCharges}, ledger differences ${differences.length}; ` +
        `notices ${notices.length} (receipts ${keysOf("payment-receipt").length}, refunds ${keysOf("refund-receipt").length})`,
    );
    console.log(
      `[chaos ${provider}] SinoPac: ${SINOPAC_PURCHASES} purchases, ${sinopacCalls} QPay calls, ${sinopacFaulted} faulted (${((100 * sinopacFaulted) / sinopacCalls).toFixed(1)}%); ` +
        `notifications ${JSON.stringify(sinopac.notifications)}; paid at the bank ${sinopacBooks.bankPaid}, PAID orders ${sinopacPaid}; ` +
        `payments lost ${sinopacBooks.lost}, double charges ${sinopacBooks.doubleCharges}, ledger differences ${sinopacBooks.differences.length}`,
    );
    expect(differences).toEqual([]);
    expect(sinopacBooks.differences).toEqual([]);
    expect(sinopacBooks.lost).toBe(0);
    expect(sinopacBooks.doubleCharges).toBe(0);
    expect(sinopacPaid).toBe(sinopacBooks.bankPaid);
    expect(sinopacBooks.bankPaid).toBeGreaterThanOrEqual(SINOPAC_PURCHASES * 0.3);
    expect(sinopacFaulted / sinopacCalls).toBeGreaterThanOrEqual(0.1);
    // The revenue rollup, kept by every interleaved transaction, equals a recomputation from rows.
    expect(await checkRevenueRollup(db())).toEqual({ differences: [], spanDifferences: 0 });
    expect(await checkOrderTotals(db())).toEqual([]);
    expect(keysOf("payment-receipt")).toEqual(expectedKeys("payment-receipt", paidOrderIds));
    expect(keysOf("refund-receipt")).toEqual(expectedKeys("refund-receipt", refundIds));
    expect(strayFailureNotices).toEqual([]);
    expect(doubleCharges).toBe(0);
    expect(openAfter).toBe(0);
    expect(flagged).toBe(0);
    expect(faultedCalls / providerCalls).toBeGreaterThanOrEqual(0.2);
    expect(renewalCaptures.length).toBeGreaterThanOrEqual(RENEWALS * 0.9);
    expect(closedTabsConfirmed).toBeGreaterThan(0);
  }, 900_000);
});
