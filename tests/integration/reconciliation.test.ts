// The reconciliation job against a real database (SQLite and Postgres) and the sandbox over HTTP:
// every open money state it must settle (approved then tab closed, abandoned payment page, a lost
// confirm answer, a process that died mid-confirm, a lost renewal answer, a lost refund answer),
// its back-off and flag for a human, and that two jobs at once confirm nothing twice.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { transitionOrder } from "@/lib/db/order-repository";
import { writeClockOffsetMs } from "@/lib/db/test-clock-repository";
import type { ReconcileDeps } from "@/lib/reconciliation/check-open-order";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { runReconciliation, verifyOrderNow } from "@/lib/reconciliation/reconciliation-job";
import type { AppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import {
  createCheckoutHarness,
  redirectParams,
  TEST_CHANNEL,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import {
  DAY_MS,
  movableClock,
  renew,
  subscribe,
  type MovableClock,
} from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";
import { adminNote } from "@/lib/billing/status-reason";
import { storedReasonText } from "@/lib/i18n/status-reason-text";

const attentionReasonOf = (order: {
  attentionReason: string | null;
  attentionReasonCode: string | null;
  attentionReasonParams: string | null;
}) => ({
  reason: order.attentionReason ?? "",
  reasonCode: order.attentionReasonCode,
  reasonParams: order.attentionReasonParams,
});

const MINUTE = 60_000;
const run = promisify(execFile);
const TSX = createRequire(import.meta.url).resolve("tsx/cli");

describe.each(PROVIDERS)("[%s] reconciliation job", (provider) => {
  let h: CheckoutHarness;
  let clock: MovableClock;
  let deps: AppDeps;
  let reconcileDeps: ReconcileDeps;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    clock = movableClock();
    deps = h.depsWith({}, clock.now);
    reconcileDeps = {
      checkout: deps,
      renewal: renewalDepsFrom(deps),
      schedule: DEFAULT_RECONCILE_SCHEDULE,
    };
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.sandbox.faults.clear();
    clock.set(new Date()); // each test starts at real time: in-flight windows are measured from real timestamps
  });

  const db = () => h.database.db;
  const reconcile = () => runReconciliation(reconcileDeps, { trigger: "test" });
  const order = (orderId: string) => db().order.findUniqueOrThrow({ where: { orderId } });
  const confirmCalls = (id: string) =>
    db().paymentEvent.count({ where: { orderId: id, endpoint: "confirmPayment" } });
  const sandboxEntry = async (transactionId: string) =>
    (await h.ledger()).transactions.find((t) => t.transactionId === transactionId);

  async function pendingOrder(planCode = "vip-30") {
    const shopper = await h.createShopper();
    const started = await startCheckout(deps, {
      userId: shopper.id,
      planCode,
      preferAppUrl: false,
    });
    return order(started.orderId);
  }

  it("confirms a payment the shopper approved and never came back from (closed tab), once, even with two jobs at once", async () => {
    const pending = await pendingOrder();
    await h.shopperAction(pending.transactionId!, "approve"); // the redirect to confirmUrl is never followed

    clock.advance(DEFAULT_RECONCILE_SCHEDULE.pendingFirstCheckAfterMs - MINUTE);
    await reconcile();
    expect((await order(pending.orderId)).status).toBe("PENDING"); // too early: the shopper may still come back

    clock.advance(2 * MINUTE);
    const [first, second] = await Promise.all([reconcile(), reconcile()]);
    expect(first.settled + second.settled).toBeGreaterThanOrEqual(1);
    const paid = await order(pending.orderId);
    expect(paid.status).toBe("PAID");
    expect(paid.reconcileChecks).toBe(0);
    expect(await confirmCalls(pending.id)).toBe(1);
    expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(1);
    expect((await sandboxEntry(pending.transactionId!))?.state).toBe("CAPTURED");
    const history = await db().orderStatusChange.findMany({
      where: { orderId: pending.id },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((c) => `${c.fromStatus}>${c.toStatus}`)).toEqual([
      "PENDING>CONFIRMING",
      "CONFIRMING>PAID",
    ]);

    // The shopper's browser finally follows the old confirm URL: nothing happens twice.
    expect(
      (
        await confirmCheckout(deps, {
          orderId: pending.orderId,
          transactionId: pending.transactionId!,
        })
      ).status,
    ).toBe("PAID");
    expect(await confirmCalls(pending.id)).toBe(1);
  });

  it("keeps an abandoned payment page open while LINE Pay waits, then closes it CANCELED when LINE Pay's 20 minutes pass", async () => {
    const pending = await pendingOrder();
    clock.advance(DEFAULT_RECONCILE_SCHEDULE.pendingFirstCheckAfterMs + MINUTE);
    await reconcile();
    const waiting = await order(pending.orderId);
    expect(waiting.status).toBe("PENDING");
    expect(waiting.reconcileChecks).toBe(1);
    expect(waiting.attentionReason).toMatch(/not approved/);
    // Stored as a code too, so the back office's in-progress list can say it in Chinese.
    expect(waiting.attentionReasonCode).toBe("reconcile.not_approved");
    expect(storedReasonText(attentionReasonOf(waiting), "zh-TW")).toBe(
      "顧客尚未在 LINE Pay 同意付款（LINE Pay 會在 20 分鐘後取消）",
    );
    expect(waiting.reconcileAfter!.getTime() - clock.now().getTime()).toBeGreaterThan(4 * MINUTE);

    await reconcile(); // not due again yet: untouched
    expect((await order(pending.orderId)).reconcileChecks).toBe(1);

    h.sandbox.clock.advance(21 * MINUTE);
    clock.advance(6 * MINUTE);
    await reconcile();
    const closed = await order(pending.orderId);
    expect(closed.status).toBe("CANCELED");
    expect(closed.reconcileChecks).toBe(0);
    expect(await confirmCalls(pending.id)).toBe(0);
    expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(0);
  });

  it("settles a confirm whose answer was lost while LINE Pay could not be asked: UNKNOWN, then PAID by the job", async () => {
    const pending = await pendingOrder("vip-90");
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    h.sandbox.faults.add({
      match: { endpoint: "confirm", orderId: pending.orderId },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    h.sandbox.faults.add({
      match: { endpoint: "paymentDetails" },
      action: { type: "http500" },
      times: 1,
    });
    expect((await confirmCheckout(deps, back)).status).toBe("UNKNOWN");
    expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(0);

    clock.advance(DEFAULT_RECONCILE_SCHEDULE.inFlightStaleAfterMs + MINUTE);
    await reconcile();
    const paid = await order(pending.orderId);
    expect(paid.status).toBe("PAID");
    expect(await confirmCalls(pending.id)).toBe(1); // verified, never confirmed again
    expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(1);
    expect((await sandboxEntry(pending.transactionId!))?.state).toBe("CAPTURED");
  });

  it.each(["1172", "1198"])(
    "a confirm answered %s is verified with payment details, never failed; the job then confirms it once",
    async (code) => {
      const pending = await pendingOrder();
      const back = redirectParams(
        (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
      );
      h.sandbox.faults.add({
        match: { endpoint: "confirm", transactionId: pending.transactionId! },
        action: { type: "returnCode", returnCode: code },
        times: 1,
      });
      const unknown = await confirmCheckout(deps, back);
      expect(unknown.status).toBe("UNKNOWN"); // LINE Pay shows the approval unconfirmed: not a failure, not paid
      expect(
        await db().paymentEvent.count({
          where: { orderId: pending.id, endpoint: "getPaymentDetails" },
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(0);

      clock.advance(DEFAULT_RECONCILE_SCHEDULE.inFlightStaleAfterMs + MINUTE);
      await reconcile();
      expect((await order(pending.orderId)).status).toBe("PAID");
      expect(await confirmCalls(pending.id)).toBe(2); // the scripted answer, then the one that took effect
      expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(1);
      expect((await sandboxEntry(pending.transactionId!))?.state).toBe("CAPTURED");
    },
  );

  it("finishes a confirm whose process died before calling LINE Pay (stuck CONFIRMING): confirmed once, after the in-flight window", async () => {
    const pending = await pendingOrder();
    await h.shopperAction(pending.transactionId!, "approve");
    await transitionOrder(db(), {
      id: pending.id,
      from: "PENDING",
      to: "CONFIRMING",
      actor: "system:confirm",
      reason: adminNote("test: the process dies here"),
    });

    await reconcile(); // just claimed: a confirm may be in flight
    expect((await order(pending.orderId)).status).toBe("CONFIRMING");

    clock.advance(DEFAULT_RECONCILE_SCHEDULE.pendingFirstCheckAfterMs + MINUTE);
    await reconcile();
    expect((await order(pending.orderId)).status).toBe("PAID");
    const history = await db().orderStatusChange.findMany({
      where: { orderId: pending.id },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((c) => c.toStatus)).toEqual(["CONFIRMING", "UNKNOWN", "CONFIRMING", "PAID"]);
    expect(await confirmCalls(pending.id)).toBe(1);
    expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(1);
  });

  it("settles a renewal whose answer was lost: the period is paid once and no second charge is made", async () => {
    const { subscription } = await subscribe(h, deps);
    clock.set(new Date(subscription.currentPeriodEnd!.getTime() + MINUTE));
    const firstAttempt = `SUB-${subscription.id}-${subscription.currentPeriodIndex + 1}-1`;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", orderId: firstAttempt },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    await renew(deps);
    const attempt = await db().chargeAttempt.findFirstOrThrow({
      where: { period: { subscriptionId: subscription.id } },
      orderBy: { createdAt: "desc" },
    });
    expect(attempt.status).toBe("UNKNOWN");
    expect((await order(attempt.orderId)).status).toBe("UNKNOWN");

    clock.advance(DEFAULT_RECONCILE_SCHEDULE.inFlightStaleAfterMs + MINUTE);
    await reconcile();
    const renewalOrder = await order(attempt.orderId);
    expect(renewalOrder.status).toBe("PAID");
    const settledAttempt = await db().chargeAttempt.findUniqueOrThrow({
      where: { id: attempt.id },
    });
    expect(settledAttempt.status).toBe("SUCCEEDED");
    const after = await db().subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after.currentPeriodIndex).toBe(subscription.currentPeriodIndex + 1);
    expect(after.claimedBy).toBeNull();

    await renew(deps); // the next run must not charge the same period again
    const charges = (await h.ledger()).transactions.filter((t) =>
      t.orderId.startsWith(`SUB-${subscription.id}-`),
    );
    expect(charges).toHaveLength(1);
    expect(
      await db().billingPeriod.count({
        where: { subscriptionId: subscription.id, status: "PAID" },
      }),
    ).toBe(2);
  });

  it("a renewal charge that never reached LINE Pay is settled as not charged and charged by the next run", async () => {
    const { subscription } = await subscribe(h, deps);
    clock.set(new Date(subscription.currentPeriodEnd!.getTime() + MINUTE));
    const firstAttempt = `SUB-${subscription.id}-${subscription.currentPeriodIndex + 1}-1`;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", orderId: firstAttempt },
      action: { type: "http500" },
      times: 1,
    });
    await renew(deps);
    const attempt = await db().chargeAttempt.findFirstOrThrow({
      where: { period: { subscriptionId: subscription.id } },
      orderBy: { createdAt: "desc" },
    });
    expect(attempt.status).toBe("UNKNOWN");

    clock.advance(DEFAULT_RECONCILE_SCHEDULE.inFlightStaleAfterMs + MINUTE);
    await reconcile();
    expect((await db().chargeAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).status).toBe(
      "NOT_CHARGED",
    );
    expect((await order(attempt.orderId)).status).toBe("FAILED");
    const due = await db().subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(due.nextActionAt!.getTime()).toBeLessThanOrEqual(clock.now().getTime());

    const run = await renew(deps);
    expect(run.charged).toBeGreaterThanOrEqual(1);
    const charges = (await h.ledger()).transactions.filter((t) =>
      t.orderId.startsWith(`SUB-${subscription.id}-`),
    );
    expect(charges).toHaveLength(1);
    expect(charges[0]?.orderId).toBe(
      `SUB-${subscription.id}-${subscription.currentPeriodIndex + 1}-2`,
    );
  });

  it("settles a refund whose answer was lost from LINE Pay's record of the payment", async () => {
    const pending = await pendingOrder("vip-90");
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    await confirmCheckout(deps, back);
    h.sandbox.faults.add({
      match: { endpoint: "refund" },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    const refund = await refundOrder(deps, {
      merchantOrderId: pending.orderId,
      amountMinor: 300,
      reason: "Goodwill",
      idempotencyKey: `rk-${pending.id}`,
      actor: "admin:test",
      actorLabel: "admin@example.com",
    });
    expect(refund.kind).toBe("unknown");
    expect((await order(pending.orderId)).refundPendingMinor).toBe(300);

    clock.advance(5 * MINUTE);
    await reconcile();
    const after = await order(pending.orderId);
    expect(after.refundPendingMinor).toBe(0);
    expect(after.refundedMinor).toBe(300);
    expect(after.status).toBe("PARTIALLY_REFUNDED");
    const refunds = (await sandboxEntry(pending.transactionId!))?.refunds as Array<{
      amount: number;
    }>;
    expect(refunds.map((r) => r.amount)).toEqual([300]);
  });

  it("does not book a refund LINE Pay does not list as never made until LINE Pay can no longer be processing it", async () => {
    const pending = await pendingOrder("vip-90");
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    await confirmCheckout(deps, back);
    h.sandbox.faults.add({
      match: { endpoint: "refund", transactionId: pending.transactionId! },
      action: { type: "http500" },
      times: 1,
    });
    const refund = await refundOrder(deps, {
      merchantOrderId: pending.orderId,
      amountMinor: 750,
      reason: "Shopper asked",
      idempotencyKey: `rk-${pending.id}`,
      actor: "admin:test",
      actorLabel: "admin@example.com",
    });
    expect(refund.kind).toBe("unknown");

    await reconcile(); // seconds later: LINE Pay lists no refund yet, which proves nothing
    expect((await db().refund.findFirstOrThrow({ where: { orderId: pending.id } })).status).toBe(
      "UNKNOWN",
    );
    expect((await order(pending.orderId)).refundPendingMinor).toBe(750);

    clock.advance(6 * MINUTE); // the next check on the back-off schedule
    await reconcile();
    expect((await db().refund.findFirstOrThrow({ where: { orderId: pending.id } })).status).toBe(
      "FAILED",
    );
    const after = await order(pending.orderId);
    expect([after.status, after.refundedMinor, after.refundPendingMinor]).toEqual(["PAID", 0, 0]);
  });

  it("backs off 5 min, 1 h, then daily while LINE Pay cannot be asked, then flags the order for a human; verify now settles it", async () => {
    const pending = await pendingOrder();
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    h.sandbox.faults.add({
      match: { endpoint: "confirm", orderId: pending.orderId },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    h.sandbox.faults.add({
      match: { transactionId: pending.transactionId! },
      action: { type: "http500" },
    }); // every lookup fails
    expect((await confirmCheckout(deps, back)).status).toBe("UNKNOWN");

    const waits: number[] = [];
    let checked = await order(pending.orderId);
    clock.advance(DEFAULT_RECONCILE_SCHEDULE.inFlightStaleAfterMs + MINUTE);
    for (let check = 1; check <= DEFAULT_RECONCILE_SCHEDULE.flagAfterChecks; check++) {
      await reconcile();
      checked = await order(pending.orderId);
      expect(checked.reconcileChecks).toBe(check);
      if (checked.attentionSince) break;
      waits.push(checked.reconcileAfter!.getTime() - clock.now().getTime());
      clock.set(checked.reconcileAfter!);
    }
    expect(waits.map((w) => Math.round(w / MINUTE))).toEqual([5, 60, 24 * 60, 24 * 60, 24 * 60]);
    expect(checked.status).toBe("UNKNOWN");
    expect(checked.attentionSince).not.toBeNull();
    expect(checked.attentionReason).toMatch(/Still open after 6 checks/);
    expect(checked.attentionReasonCode).toBe("reconcile.still_open");
    expect(storedReasonText(attentionReasonOf(checked), "zh-TW")).toMatch(/^查核 6 次後仍未結案：/);
    expect(
      await db().auditEntry.count({
        where: { targetId: pending.id, action: "order.needs_attention" },
      }),
    ).toBe(1);

    clock.advance(2 * DAY_MS);
    await reconcile(); // flagged: the job leaves it to a human
    expect((await order(pending.orderId)).reconcileChecks).toBe(6);

    h.sandbox.faults.clear(); // LINE Pay answers again; an admin presses "verify now"
    const result = await verifyOrderNow(reconcileDeps, pending.orderId, {
      actor: "admin:test",
      actorLabel: "admin@example.com",
    });
    expect(result?.kind).toBe("settled");
    const settled = await order(pending.orderId);
    expect(settled.status).toBe("PAID");
    expect(settled.attentionSince).toBeNull();
    expect(await confirmCalls(pending.id)).toBe(1);
  });

  it("flags at once a payment LINE Pay captured for a different amount, and grants nothing", async () => {
    const pending = await pendingOrder();
    await h.shopperAction(pending.transactionId!, "approve");
    // Our record says 300 but the confirm went out for another amount (a bug or a tampered row).
    await db().order.update({ where: { id: pending.id }, data: { amountMinor: 299 } });
    await transitionOrder(db(), {
      id: pending.id,
      from: "PENDING",
      to: "CONFIRMING",
      actor: "system:confirm",
      reason: adminNote("test"),
    });
    await transitionOrder(db(), {
      id: pending.id,
      from: "CONFIRMING",
      to: "UNKNOWN",
      actor: "system:confirm",
      reason: adminNote("test"),
    });
    await h.deps.payments
      .gatewayFor(pending.provider)
      .confirmPayment(
        pending.transactionId!,
        { amountMinor: 300, currency: "TWD" },
        { orderRowId: pending.id },
      );
    clock.advance(DEFAULT_RECONCILE_SCHEDULE.inFlightStaleAfterMs + MINUTE);
    const run = await reconcile();
    expect(run.flagged).toBeGreaterThanOrEqual(1);
    const flagged = await order(pending.orderId);
    expect(flagged.status).toBe("UNKNOWN");
    expect(flagged.attentionReason).toMatch(/different amount/);
    expect(flagged.attentionReasonCode).toBe("reconcile.amount_differs");
    // The audit entry of the flag carries the same code.
    expect(
      await db().auditEntry.findFirst({
        where: { targetId: pending.id, action: "order.needs_attention" },
        select: { reasonCode: true },
      }),
    ).toEqual({ reasonCode: "reconcile.amount_differs" });
    expect(await db().entitlement.count({ where: { orderId: pending.id } })).toBe(0);
  });

  it("`npm run reconcile` (the CLI, its own process) settles a closed-tab order with the app's environment", async () => {
    const pending = await pendingOrder();
    await h.shopperAction(pending.transactionId!, "approve");
    await writeClockOffsetMs(db(), 6 * MINUTE); // the CLI reads the test clock like the app does
    try {
      const { stdout } = await run(process.execPath, [TSX, "lib/cli/reconcile.ts"], {
        env: {
          ...process.env,
          NODE_ENV: "test",
          APP_ENV: "test",
          DATABASE_URL: h.database.url,
          APP_BASE_URL: "http://shop.test",
          LINEPAY_API_BASE_URL: h.sandbox.url,
          LINEPAY_CHANNEL_ID: TEST_CHANNEL.channelId,
          LINEPAY_CHANNEL_SECRET: TEST_CHANNEL.channelSecret,
          REGKEY_ENCRYPTION_KEYS: h.keyringSpec,
          TEST_CLOCK_ENABLED: "1",
        },
      });
      const summary = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
        checked: number;
        errors: number;
        runId: string;
      };
      expect(summary.errors).toBe(0);
      expect(summary.checked).toBeGreaterThanOrEqual(1);
      // A structured log line (pino): level, job and message beside the counts, no secrets.
      expect(summary).toMatchObject({
        level: "info",
        job: "reconcile",
        msg: "reconciliation run finished",
      });
      expect(stdout).not.toContain(TEST_CHANNEL.channelSecret);
      expect(
        (await db().reconciliationRun.findUniqueOrThrow({ where: { id: summary.runId } })).trigger,
      ).toBe("cli");
    } finally {
      await writeClockOffsetMs(db(), 0);
    }
    expect((await order(pending.orderId)).status).toBe("PAID");
    expect(await confirmCalls(pending.id)).toBe(1);
  });

  it("records every run with what it did", async () => {
    const summary = await reconcile();
    const run = await db().reconciliationRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run.finishedAt).not.toBeNull();
    expect(run.checked).toBe(summary.checked);
    expect(run.settled + run.stillOpen + run.flagged).toBe(summary.checked);
  });
});
