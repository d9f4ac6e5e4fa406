// One live subscription per shopper and plan changes, at the use-case level: real SQLite and
// Postgres, the sandbox over HTTP, a movable app clock. Checks the database and the sandbox ledger.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodStart } from "@/lib/billing/billing-period";
import {
  applyPendingChangeByAdmin,
  cancelPendingChangeByAdmin,
} from "@/lib/admin/plan-change-admin";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { createIncompleteSubscription } from "@/lib/db/subscription-repository";
import {
  cancelPendingChange,
  previewPlanChange,
  scheduleDowngrade,
  settleUpgradeCharge,
  upgradePlan,
} from "@/lib/subscriptions/change-plan";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { DAY_MS, movableClock, renew, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";
import { statusReason } from "@/lib/billing/status-reason";

const MIGRATION = "20261202221500_one_live_subscription";

describe.each(PROVIDERS)("[%s] one subscription per shopper, plan changes", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  const planId = async (code: string) =>
    (await h.deps.db.plan.findUniqueOrThrow({ where: { code } })).id;
  const captures = async (prefix: string) =>
    (await h.ledger()).transactions.filter(
      (t) => t.orderId.startsWith(prefix) && t.state === "CAPTURED",
    );
  const regKeyOf = async () =>
    (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: Array<{ regKey: string }>;
      }
    ).regKeys.at(-1)?.regKey as string;

  it("the database refuses a second live subscription for one shopper, whatever the plan", async () => {
    const shopper = await h.createShopper();
    const base = { userId: shopper.id, currency: "TWD", provider: "LINEPAY" };
    await createIncompleteSubscription(h.deps.db, {
      ...base,
      planId: await planId("vip-monthly"),
      interval: "MONTH",
      amountMinor: 149,
    });
    // Straight to the table, past every check in the code: the unique liveKey refuses it.
    await expect(
      h.deps.db.subscription.create({
        data: {
          ...base,
          planId: await planId("vip-yearly"),
          interval: "YEAR",
          amountMinor: 1490,
          status: "ACTIVE",
          liveKey: shopper.id,
        },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await h.deps.db.subscription.count({ where: { userId: shopper.id } })).toBe(1);
  });

  it("checkout of a second plan is refused and points to the plan change; nothing is written", async () => {
    const deps = h.depsWith({});
    const { shopper } = await subscribe(h, deps, "vip-monthly");
    const orders = await deps.db.order.count({ where: { userId: shopper.id } });
    await expect(
      startCheckout(deps, { userId: shopper.id, planCode: "vip-yearly", preferAppUrl: false }),
    ).rejects.toMatchObject({
      name: "AlreadySubscribedError",
      status: 409,
      planCode: "vip-yearly",
    });
    expect(await deps.db.subscription.count({ where: { userId: shopper.id } })).toBe(1);
    expect(await deps.db.order.count({ where: { userId: shopper.id } })).toBe(orders);
  });

  it("the migration keeps a shopper's existing pair running: one takes the key, the other is flagged", async () => {
    const shopper = await h.createShopper();
    const row = (code: string, interval: "MONTH" | "YEAR", createdAt: Date) => ({
      userId: shopper.id,
      currency: "TWD",
      interval,
      amountMinor: 149,
      status: "ACTIVE" as const,
      createdAt,
    });
    // The state before the migration: two live subscriptions, keyed "userId:planId".
    const monthlyPlan = await planId("vip-monthly");
    const yearlyPlan = await planId("vip-yearly");
    const older = await h.deps.db.subscription.create({
      data: {
        ...row("vip-monthly", "MONTH", new Date("2026-01-01T00:00:00Z")),
        planId: monthlyPlan,
        liveKey: `${shopper.id}:${monthlyPlan}`,
      },
    });
    const newer = await h.deps.db.subscription.create({
      data: {
        ...row("vip-yearly", "YEAR", new Date("2026-02-01T00:00:00Z")),
        planId: yearlyPlan,
        liveKey: `${shopper.id}:${yearlyPlan}`,
      },
    });
    const sql = readFileSync(`prisma/${provider}/migrations/${MIGRATION}/migration.sql`, "utf8");
    const dataPart = sql.slice(sql.indexOf("-- One live subscription per shopper"));
    for (const statement of dataPart.split(/;\s*\n/)) {
      const code = statement
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("--"))
        .join("\n")
        .trim();
      if (code) await h.deps.db.$executeRawUnsafe(code);
    }
    const after = await h.deps.db.subscription.findMany({
      where: { userId: shopper.id },
      orderBy: { createdAt: "asc" },
    });
    expect(after.map((s) => [s.id, s.status, s.liveKey])).toEqual([
      [older.id, "ACTIVE", shopper.id],
      [newer.id, "ACTIVE", `duplicate:${newer.id}`],
    ]);
    const flags = await h.deps.db.auditEntry.findMany({
      where: { action: "subscription.duplicate_live", targetId: { in: [older.id, newer.id] } },
    });
    expect(flags.map((f) => f.targetId)).toEqual([newer.id]);
    expect(flags[0]?.createdAt.getTime()).toBeGreaterThan(Date.now() - DAY_MS);
  });

  it("upgrading monthly → yearly charges the prorated amount shown and leaves one subscription on the new plan", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription } = await subscribe(h, deps, "vip-monthly");
    clock.advance(10 * DAY_MS);
    const preview = await previewPlanChange(deps, { userId: shopper.id, planCode: "vip-yearly" });
    if (preview.kind !== "upgrade") throw new Error(`expected an upgrade, got ${preview.kind}`);
    const { quote } = preview;
    expect(quote.creditMinor).toBeGreaterThan(0);
    expect(quote.chargeMinor).toBe(1490 - quote.creditMinor);

    // Two tabs confirm at once: one charge.
    const input = {
      userId: shopper.id,
      planCode: "vip-yearly",
      confirmedChargeMinor: quote.chargeMinor,
    };
    const results = await Promise.all([upgradePlan(deps, input), upgradePlan(deps, input)]);
    // The other finds the subscription held (busy, or its charge in progress) or, if it came
    // second, already on the plan.
    expect(results.filter((r) => r.kind === "upgraded")).toHaveLength(1);
    const kinds = results.map((r) => (r.kind === "refused" ? `refused:${r.reason}` : r.kind));
    const fine = ["upgraded", "busy", "refused:same_plan", "refused:charge_in_progress"];
    expect(kinds.filter((k) => !fine.includes(k))).toEqual([]);
    const charges = await captures(`CHG-${subscription.id}-`);
    expect(charges).toMatchObject([{ amount: quote.chargeMinor, currency: "TWD" }]);

    const after = await deps.db.subscription.findMany({ where: { userId: shopper.id } });
    expect(after).toHaveLength(1);
    const s = after[0];
    expect(s).toMatchObject({
      id: subscription.id,
      status: "ACTIVE",
      planId: await planId("vip-yearly"),
      interval: "YEAR",
      amountMinor: 1490,
      anchorPeriodIndex: 1,
      currentPeriodIndex: 1,
      liveKey: shopper.id,
      claimedBy: null,
    });
    // The new period starts at the confirmation (moments after the quote) and runs one year.
    const anchorAt = s?.anchorAt as Date;
    expect(anchorAt.getTime() - quote.newPeriod.startsAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(anchorAt.getTime() - quote.newPeriod.startsAt.getTime()).toBeLessThan(60_000);
    const yearEnd = periodStart(anchorAt, "YEAR", 1, deps.policy.timeZone);
    expect(s?.currentPeriodStart?.getTime()).toBe(anchorAt.getTime());
    expect(s?.currentPeriodEnd?.getTime()).toBe(yearEnd.getTime());
    expect(s?.nextActionAt?.getTime()).toBe(yearEnd.getTime());
    const order = await deps.db.order.findFirstOrThrow({
      where: { subscriptionId: subscription.id, kind: "PLAN_CHANGE" },
    });
    expect(order).toMatchObject({
      status: "PAID",
      amountMinor: quote.chargeMinor,
      orderId: `CHG-${subscription.id}-0-1`,
      transactionId: charges[0]?.transactionId,
    });
    expect(
      await deps.db.billingPeriod.findUniqueOrThrow({
        where: { subscriptionId_periodIndex: { subscriptionId: subscription.id, periodIndex: 1 } },
      }),
    ).toMatchObject({ status: "PAID", paidByOrderId: order.id, amountMinor: 1490 });
    const history = await deps.db.subscriptionStatusChange.findMany({
      where: { subscriptionId: subscription.id, reason: { startsWith: "Plan upgraded" } },
    });
    expect(history).toHaveLength(1);
    expect(
      await deps.db.auditEntry.count({
        where: { targetId: subscription.id, action: "subscription.plan_change" },
      }),
    ).toBe(1);

    // A replayed confirmation changes nothing and charges nothing.
    expect(await upgradePlan(deps, input)).toMatchObject({ kind: "refused", reason: "same_plan" });
    expect(await captures(`CHG-${subscription.id}-`)).toHaveLength(1);
  });

  it("an upgrade moves a pass stacked after the old period to after the new one, and renews after the pass", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription } = await subscribe(h, deps, "vip-monthly");
    const started = await startCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    const pending = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    const passOrder = await confirmCheckout(deps, back);
    const passBefore = await deps.db.entitlement.findUniqueOrThrow({
      where: { orderId: passOrder.id },
    });
    expect(passBefore.startsAt).toEqual(subscription.currentPeriodEnd);

    clock.advance(10 * DAY_MS);
    const preview = await previewPlanChange(deps, { userId: shopper.id, planCode: "vip-yearly" });
    if (preview.kind !== "upgrade") throw new Error(`expected an upgrade, got ${preview.kind}`);
    const grows =
      preview.quote.newPeriod.endsAt.getTime() - subscription.currentPeriodEnd!.getTime();
    // The confirm page's next renewal is after the pass, which moves with the longer period.
    expect(preview.quote.nextRenewal.at.getTime()).toBe(passBefore.endsAt.getTime() + grows);
    const result = await upgradePlan(deps, {
      userId: shopper.id,
      planCode: "vip-yearly",
      confirmedChargeMinor: preview.quote.chargeMinor,
    });
    expect(result.kind).toBe("upgraded");

    const s = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    const pass = await deps.db.entitlement.findUniqueOrThrow({ where: { orderId: passOrder.id } });
    expect(pass.startsAt).toEqual(s.currentPeriodEnd);
    expect(pass.endsAt.getTime() - pass.startsAt.getTime()).toBe(30 * DAY_MS);
    expect(s.nextActionAt).toEqual(pass.endsAt);
    expect(s.anchorAt).toEqual(pass.endsAt);
    expect(s.anchorPeriodIndex).toBe(2);
    expect(preview.quote.nextRenewal.at.getTime() - pass.endsAt.getTime()).toBeLessThan(60_000);
  });

  it("a declined upgrade leaves the subscription unchanged; a quote that moved charges nothing", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription } = await subscribe(h, deps, "vip-monthly");
    clock.advance(3 * DAY_MS);
    const preview = await previewPlanChange(deps, { userId: shopper.id, planCode: "vip-yearly" });
    if (preview.kind !== "upgrade") throw new Error("expected an upgrade");
    const input = {
      userId: shopper.id,
      planCode: "vip-yearly",
      confirmedChargeMinor: preview.quote.chargeMinor,
    };
    expect(await upgradePlan(deps, { ...input, confirmedChargeMinor: 1 })).toEqual({
      kind: "quote_changed",
    });
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey: await regKeyOf() },
      action: { type: "returnCode", returnCode: "1142" },
      times: 1,
    });
    expect(await upgradePlan(deps, input)).toEqual({ kind: "declined" });
    const unchanged = await deps.db.subscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    expect(unchanged).toMatchObject({
      planId: subscription.planId,
      amountMinor: 149,
      interval: "MONTH",
      currentPeriodIndex: 0,
      claimedBy: null,
    });
    expect(
      await deps.db.order.findMany({
        where: { subscriptionId: subscription.id, kind: "PLAN_CHANGE" },
      }),
    ).toMatchObject([
      { status: "FAILED", failureCode: "1142", orderId: `CHG-${subscription.id}-0-1` },
    ]);
    expect(await captures(`CHG-${subscription.id}-`)).toHaveLength(0);
    // Trying again is a new orderId, charged once.
    expect((await upgradePlan(deps, input)).kind).toBe("upgraded");
    expect(await captures(`CHG-${subscription.id}-0-2`)).toHaveLength(1);
  });

  it("an upgrade whose answer was lost is settled by its orderId and charged once", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription } = await subscribe(h, deps, "vip-monthly");
    clock.advance(DAY_MS);
    const preview = await previewPlanChange(deps, { userId: shopper.id, planCode: "vip-yearly" });
    if (preview.kind !== "upgrade") throw new Error("expected an upgrade");
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey: await regKeyOf() },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    const input = {
      userId: shopper.id,
      planCode: "vip-yearly",
      confirmedChargeMinor: preview.quote.chargeMinor,
    };
    expect(await upgradePlan(deps, input)).toEqual({ kind: "unknown" });
    const held = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(held.planId).toBe(subscription.planId);
    // While it is unknown, nothing else may start: no second upgrade, no downgrade.
    expect(
      await previewPlanChange(deps, { userId: shopper.id, planCode: "vip-yearly" }),
    ).toMatchObject({ kind: "refused", reason: "charge_in_progress" });
    clock.advance(3 * 60 * 1000); // past the window in which LINE Pay may still be processing it
    expect(await settleUpgradeCharge(deps, held)).toBe("charged");
    const after = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after).toMatchObject({ planId: await planId("vip-yearly"), claimedBy: null });
    expect(await captures(`CHG-${subscription.id}-`)).toHaveLength(1);
    expect(
      await deps.db.order.findFirst({
        where: { subscriptionId: subscription.id, kind: "PLAN_CHANGE" },
      }),
    ).toMatchObject({ status: "PAID" });
  });

  it("the reconciliation job settles an upgrade whose answer was lost, charging once", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription } = await subscribe(h, deps, "vip-monthly");
    const preview = await previewPlanChange(deps, { userId: shopper.id, planCode: "vip-yearly" });
    if (preview.kind !== "upgrade") throw new Error("expected an upgrade");
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey: await regKeyOf() },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    const input = {
      userId: shopper.id,
      planCode: "vip-yearly",
      confirmedChargeMinor: preview.quote.chargeMinor,
    };
    expect(await upgradePlan(deps, input)).toEqual({ kind: "unknown" });
    clock.advance(10 * 60 * 1000);
    const reconcileDeps = {
      checkout: deps,
      renewal: renewalDepsFrom(deps),
      schedule: DEFAULT_RECONCILE_SCHEDULE,
    };
    await runReconciliation(reconcileDeps, { trigger: "test" });
    expect(
      await deps.db.order.findFirst({
        where: { subscriptionId: subscription.id, kind: "PLAN_CHANGE" },
      }),
    ).toMatchObject({ status: "PAID", amountMinor: preview.quote.chargeMinor });
    expect(
      await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({ planId: await planId("vip-yearly"), claimedBy: null, currentPeriodIndex: 1 });
    expect(await captures(`CHG-${subscription.id}-`)).toHaveLength(1);
  });

  it("a downgrade is scheduled, undone, scheduled again and taken by the renewal at the period end", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription } = await subscribe(h, deps, "vip-yearly");
    clock.advance(30 * DAY_MS);
    const monthly = await planId("vip-monthly");
    const scheduled = await scheduleDowngrade(deps, {
      userId: shopper.id,
      planCode: "vip-monthly",
    });
    expect(scheduled).toMatchObject({
      kind: "done",
      subscription: {
        planId: subscription.planId,
        pendingPlanId: monthly,
        pendingAmountMinor: 149,
        pendingInterval: "MONTH",
        pendingChangeAt: subscription.currentPeriodEnd,
      },
    });
    if (scheduled.kind !== "done") throw new Error("not scheduled");
    const undone = await cancelPendingChange(deps, {
      subscription: scheduled.subscription,
      actor: `user:${shopper.id}`,
      reason: statusReason("subscription.plan_change_cancelled"),
    });
    expect(undone).toMatchObject({ kind: "done", subscription: { pendingPlanId: null } });
    expect(
      (await scheduleDowngrade(deps, { userId: shopper.id, planCode: "vip-monthly" })).kind,
    ).toBe("done");
    expect(
      await deps.db.auditEntry.findMany({
        where: { targetId: subscription.id, action: { startsWith: "subscription.plan_change" } },
        orderBy: { createdAt: "asc" },
        select: { action: true },
      }),
    ).toEqual([
      { action: "subscription.plan_change_scheduled" },
      { action: "subscription.plan_change_cancelled" },
      { action: "subscription.plan_change_scheduled" },
    ]);

    const periodEnd = subscription.currentPeriodEnd as Date;
    clock.set(new Date(periodEnd.getTime() + 1000));
    await renew(deps);
    const after = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after).toMatchObject({
      status: "ACTIVE",
      planId: monthly,
      amountMinor: 149,
      interval: "MONTH",
      currentPeriodIndex: 1,
      anchorPeriodIndex: 1,
      pendingPlanId: null,
      pendingChangeAt: null,
    });
    expect(after.anchorAt?.getTime()).toBe(periodEnd.getTime());
    expect(after.currentPeriodStart?.getTime()).toBe(periodEnd.getTime());
    // One month on the new plan's calendar, not a year.
    const days = ((after.currentPeriodEnd as Date).getTime() - periodEnd.getTime()) / DAY_MS;
    expect(days).toBeGreaterThanOrEqual(28);
    expect(days).toBeLessThanOrEqual(31);
    expect(await captures(`SUB-${subscription.id}-1-`)).toMatchObject([{ amount: 149 }]);
    expect(
      await deps.db.order.findUniqueOrThrow({ where: { orderId: `SUB-${subscription.id}-1-1` } }),
    ).toMatchObject({ status: "PAID", amountMinor: 149, planId: monthly });

    // The next renewal follows the monthly schedule anchored at the change.
    clock.set(new Date((after.currentPeriodEnd as Date).getTime() + 1000));
    await renew(deps);
    expect(await captures(`SUB-${subscription.id}-2-`)).toMatchObject([{ amount: 149 }]);
  });

  it("an admin sees a scheduled change and can apply it now or cancel it, with the reason audited", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const admin = {
      actor: "admin:test",
      actorLabel: "admin@example.com",
      reason: "Asked by phone",
    };
    const { shopper, subscription } = await subscribe(h, deps, "vip-yearly");
    expect(await applyPendingChangeByAdmin(deps, subscription.id, admin)).toMatchObject({
      kind: "not_allowed",
    });
    clock.advance(5 * DAY_MS);
    await scheduleDowngrade(deps, { userId: shopper.id, planCode: "vip-monthly" });
    expect(await cancelPendingChangeByAdmin(deps, subscription.id, admin)).toMatchObject({
      kind: "done",
      subscription: { pendingPlanId: null, planId: subscription.planId },
    });
    const cancelled = await deps.db.auditEntry.findFirstOrThrow({
      where: { targetId: subscription.id, action: "subscription.plan_change_cancelled" },
    });
    expect(cancelled).toMatchObject({ actorLabel: "admin@example.com" });
    expect(cancelled.reason).toContain("Asked by phone");

    await scheduleDowngrade(deps, { userId: shopper.id, planCode: "vip-monthly" });
    const applied = await applyPendingChangeByAdmin(deps, subscription.id, admin);
    const periodEnd = subscription.currentPeriodEnd as Date;
    expect(applied).toMatchObject({
      kind: "done",
      subscription: {
        planId: await planId("vip-monthly"),
        amountMinor: 149,
        interval: "MONTH",
        anchorAt: periodEnd,
        anchorPeriodIndex: 1,
        currentPeriodEnd: periodEnd,
        pendingPlanId: null,
      },
    });
    expect(
      await deps.db.auditEntry.count({
        where: {
          targetId: subscription.id,
          action: "subscription.plan_change",
          actorLabel: "admin@example.com",
        },
      }),
    ).toBe(1);
    // Nothing was charged now; the paid year runs out and the month is charged after it.
    expect(await captures(`SUB-${subscription.id}-`)).toHaveLength(0);
    clock.set(new Date(periodEnd.getTime() + 1000));
    await renew(deps);
    expect(await captures(`SUB-${subscription.id}-1-`)).toMatchObject([{ amount: 149 }]);
    const after = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    const days = ((after.currentPeriodEnd as Date).getTime() - periodEnd.getTime()) / DAY_MS;
    expect(days).toBeLessThanOrEqual(31);
  });
});
