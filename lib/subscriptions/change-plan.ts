// A shopper's plan change. An upgrade is charged now with the stored regKey (the prorated amount the
// shopper saw; a quote that moved since is not charged) and moves the subscription to the new plan
// with a new period starting now. A downgrade is stored on the subscription and taken by the
// renewal that opens the next period. Both are refused while anything else holds the subscription.
import { periodStart } from "@/lib/billing/billing-period";
import type { BillingPolicy } from "@/lib/billing/billing-policy";
import { nextPeriodStart, renewalAfterUpgrade } from "@/lib/billing/vip-timeline";
import { findOwnedTimeEnd } from "@/lib/db/vip-timeline-repository";
import { classifyPlanChange, quoteUpgrade, type UpgradeQuote } from "@/lib/billing/plan-change";
import { PaymentGatewayError, type RenewalGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { Db } from "@/lib/db/client";
import { findActivePlanByCode, findPlanById, type PlanRecord } from "@/lib/db/plan-repository";
import {
  NO_PENDING_CHANGE,
  findOpenUpgradeCharge,
  openUpgradeCharge,
  recordUpgradeOutcome,
  type UpgradeOutcome,
} from "@/lib/db/plan-change-repository";
import type { OrderRow } from "@/lib/db/order-transition";
import {
  SubscriptionStateConflictError,
  findLiveSubscription,
  transitionSubscription,
  type SubscriptionRecord,
} from "@/lib/db/subscription-repository";
import type { RegKeyVault } from "./regkey-vault";
import { statusReason } from "@/lib/billing/status-reason";
import type { StatusReason } from "@/lib/billing/status-reason";

export interface PlanChangeDeps {
  db: Db;
  payments: PaymentProviders<RenewalGateway>;
  vault: RegKeyVault;
  policy: BillingPolicy;
  now: () => Date;
}

/** Why a plan change cannot be offered; each has words on the plan change page. */
export type PlanChangeRefusal =
  | "no_subscription"
  | "not_active"
  | "cancel_pending"
  | "same_plan"
  | "plan_unavailable"
  | "period_over"
  | "change_pending"
  | "charge_in_progress";

export type PlanChangePreview =
  | { kind: "refused"; reason: PlanChangeRefusal; subscription: SubscriptionRecord | null }
  | {
      kind: "upgrade";
      subscription: SubscriptionRecord;
      from: PlanRecord;
      to: PlanRecord;
      quote: Extract<UpgradeQuote, { kind: "charge_now" }>;
    }
  | {
      kind: "downgrade";
      subscription: SubscriptionRecord;
      from: PlanRecord;
      to: PlanRecord;
      /** When it takes effect (the paid period's end) and what is charged then. */
      effectiveAt: Date;
      amountMinor: number;
    };

const UPGRADE_LEASE_MS = 2 * 60_000;
/** A charge whose answer was lost keeps the subscription until it is settled by its orderId. */
const UNKNOWN_HOLD_MS = 24 * 60 * 60_000;
const PRODUCT_NAME = "VIP Club plan upgrade";

const refused = (reason: PlanChangeRefusal, subscription: SubscriptionRecord | null) =>
  ({ kind: "refused", reason, subscription }) as const;

/** What switching to `planCode` would do now: shown before the shopper confirms. */
export async function previewPlanChange(
  deps: PlanChangeDeps,
  input: { userId: string; planCode: string },
): Promise<PlanChangePreview> {
  const subscription = await findLiveSubscription(deps.db, input.userId);
  if (!subscription || subscription.status === "INCOMPLETE")
    return refused("no_subscription", null);
  const [from, to] = await Promise.all([
    findPlanById(deps.db, subscription.planId),
    findActivePlanByCode(deps.db, input.planCode),
  ]);
  if (!from || !to || to.kind !== "RECURRING" || !to.billingInterval)
    return refused("plan_unavailable", subscription);
  if (subscription.status === "CANCELED") return refused("cancel_pending", subscription);
  if (subscription.status !== "ACTIVE") return refused("not_active", subscription);
  if (await findOpenUpgradeCharge(deps.db, subscription.id))
    return refused("charge_in_progress", subscription);
  if (to.id === from.id) return refused("same_plan", subscription);
  const now = deps.now();
  const kind = classifyPlanChange(
    {
      priceMinor: subscription.amountMinor,
      currency: subscription.currency,
      interval: subscription.interval,
    },
    { priceMinor: to.priceMinor, currency: to.currency, interval: to.billingInterval },
  );
  if (!kind) return refused("same_plan", subscription);
  const start = subscription.currentPeriodStart;
  const end = subscription.currentPeriodEnd;
  if (!start || !end || end <= now) return refused("period_over", subscription);
  if (subscription.pendingPlanId) return refused("change_pending", subscription);
  if (kind === "upgrade") {
    const quote = quoteUpgrade({
      current: {
        startsAt: start,
        endsAt: end,
        amountMinor: subscription.amountMinor,
        currency: subscription.currency,
      },
      target: { priceMinor: to.priceMinor, currency: to.currency, interval: to.billingInterval },
      now,
      timeZone: deps.policy.timeZone,
    });
    if (quote.kind === "charge_now") {
      // Passes stacked after the current period move after the new one (one VIP timeline).
      const ownedEnd = await findOwnedTimeEnd(deps.db, subscription.userId, now);
      const at = renewalAfterUpgrade(ownedEnd, end, quote.newPeriod.endsAt);
      const nextRenewal = { ...quote.nextRenewal, at };
      return { kind: "upgrade", subscription, from, to, quote: { ...quote, nextRenewal } };
    }
    if (quote.kind === "period_over") return refused("period_over", subscription);
    // The credit pays the whole new price: nothing to charge now, so it waits for the period end.
  }
  return {
    kind: "downgrade",
    subscription,
    from,
    to,
    // The next period may start after this one ends (time bought in between).
    effectiveAt: nextPeriodStart(subscription, deps.policy.timeZone) ?? end,
    amountMinor: to.priceMinor,
  };
}

export type UpgradeResult =
  | { kind: "upgraded"; subscription: SubscriptionRecord; chargedMinor: number }
  | { kind: "declined" }
  | { kind: "unknown" }
  /** The amount to charge now differs from the one the shopper confirmed: nothing was charged. */
  | { kind: "quote_changed" }
  | { kind: "busy" }
  | { kind: "refused"; reason: PlanChangeRefusal | "not_an_upgrade" };

/** Charges the upgrade the shopper confirmed (`confirmedChargeMinor`) and moves the subscription. */
export async function upgradePlan(
  deps: PlanChangeDeps,
  input: {
    userId: string;
    planCode: string;
    confirmedChargeMinor: number;
    subscriptionId?: string;
  },
): Promise<UpgradeResult> {
  const live = await findLiveSubscription(deps.db, input.userId);
  if (live) {
    const settled = await settleUpgradeCharge(deps, live);
    if (settled === "in_flight") return { kind: "busy" };
    if (settled === "still_unknown") return { kind: "unknown" };
  }
  const preview = await previewPlanChange(deps, input);
  if (preview.kind === "refused") return preview;
  if (preview.kind !== "upgrade") return { kind: "refused", reason: "not_an_upgrade" };
  const { subscription, to, quote } = preview;
  if (quote.chargeMinor !== input.confirmedChargeMinor) return { kind: "quote_changed" };
  if (!subscription.regKeyCiphertext) return { kind: "refused", reason: "not_active" };
  const now = deps.now();
  const opened = await openUpgradeCharge(deps.db, {
    subscriptionId: subscription.id,
    userId: input.userId,
    fromPlanId: subscription.planId,
    fromPeriodIndex: subscription.currentPeriodIndex,
    toPlanId: to.id,
    amountMinor: quote.chargeMinor,
    currency: quote.currency,
    provider: subscription.provider,
    now,
    claimUntil: new Date(now.getTime() + UPGRADE_LEASE_MS),
  });
  if (opened.kind === "busy") return { kind: "busy" };
  if (opened.kind === "unsettled") return { kind: "unknown" };
  const { order } = opened;
  const regKey = deps.vault.open(subscription.id, subscription.regKeyCiphertext);
  let outcome: UpgradeOutcome;
  try {
    const { transactionId } = await deps.payments.gatewayFor(subscription.provider).payPreapproved(
      regKey,
      {
        orderId: order.orderId,
        productName: PRODUCT_NAME,
        amountMinor: order.amountMinor,
        currency: order.currency,
      },
      { subscriptionId: subscription.id, orderRowId: order.id },
    );
    outcome = { kind: "charged", transactionId, terms: termsOf(deps, subscription, to, now) };
  } catch (error) {
    outcome = failureOf(error, deps.now());
  }
  const after = await record(deps, subscription, order, outcome, `user:${input.userId}`);
  if (outcome.kind === "charged") {
    return { kind: "upgraded", subscription: after, chargedMinor: order.amountMinor };
  }
  return { kind: outcome.kind };
}

function termsOf(
  deps: PlanChangeDeps,
  s: Pick<SubscriptionRecord, "interval" | "currentPeriodIndex">,
  to: PlanRecord,
  startsAt: Date,
) {
  const interval = to.billingInterval ?? s.interval;
  return {
    planId: to.id,
    amountMinor: to.priceMinor,
    interval,
    periodIndex: s.currentPeriodIndex + 1,
    startsAt,
    endsAt: periodStart(startsAt, interval, 1, deps.policy.timeZone),
  };
}

function failureOf(error: unknown, now: Date): UpgradeOutcome {
  const code = error instanceof PaymentGatewayError ? error.code : null;
  const message = error instanceof Error ? error.message.slice(0, 500) : null;
  if (error instanceof PaymentGatewayError && error.outcome === "definitive")
    return { kind: "declined", code, message };
  return { kind: "unknown", code, message, verifyUntil: new Date(now.getTime() + UNKNOWN_HOLD_MS) };
}

async function record(
  deps: PlanChangeDeps,
  subscription: Omit<SubscriptionRecord, "regKeyCiphertext">,
  order: OrderRow,
  outcome: UpgradeOutcome,
  actor: string,
): Promise<SubscriptionRecord> {
  const reason =
    outcome.kind === "charged"
      ? statusReason("subscription.upgraded", {
          amount: order.amountMinor,
          currency: order.currency,
          orderId: order.orderId,
        })
      : statusReason(
          outcome.kind === "declined"
            ? "subscription.upgrade_declined"
            : "subscription.upgrade_unknown",
          { code: outcome.code ?? "—" },
        );
  return recordUpgradeOutcome(deps.db, {
    subscription,
    order,
    actor,
    reason,
    outcome,
    now: deps.now(),
    timeZone: deps.policy.timeZone,
  });
}

export type UpgradeSettlement =
  | "nothing_open"
  | "charged"
  | "not_charged"
  /** The call may still be in flight (its claim runs, or its answer timed out moments ago). */
  | "in_flight"
  | "still_unknown";

/** How long a timed-out charge may still be processed by LINE Pay before its record is final. */
const IN_FLIGHT_MS = 2 * 60_000;

/**
 * Settles an upgrade charge left CONFIRMING (crash) or UNKNOWN (lost answer) by its orderId: a
 * charge LINE Pay made moves the subscription as if the answer had arrived; one it never made
 * fails the order and releases the subscription.
 */
export async function settleUpgradeCharge(
  deps: PlanChangeDeps,
  subscription: Omit<SubscriptionRecord, "regKeyCiphertext">,
): Promise<UpgradeSettlement> {
  const order = await findOpenUpgradeCharge(deps.db, subscription.id);
  if (!order) return "nothing_open";
  const now = deps.now();
  // A call in flight is not ours to judge: only once its lease has run out, or a timed-out call
  // can no longer be processed.
  const isLeased =
    order.status === "CONFIRMING" && subscription.claimUntil && subscription.claimUntil > now;
  if (isLeased || now.getTime() - order.updatedAt.getTime() < IN_FLIGHT_MS) return "in_flight";
  let found;
  try {
    found = await deps.payments
      .gatewayFor(subscription.provider)
      .findChargeByOrderId(order.orderId, {
        subscriptionId: subscription.id,
        orderRowId: order.id,
      });
  } catch {
    return "still_unknown";
  }
  const to = await findPlanById(deps.db, order.planId);
  if (found.kind === "captured" && to) {
    const outcome: UpgradeOutcome = {
      kind: "charged",
      transactionId: found.transactionId,
      terms: termsOf(deps, subscription, to, order.createdAt),
    };
    await record(deps, subscription, order, outcome, "system:plan-change");
    return "charged";
  }
  await record(
    deps,
    subscription,
    order,
    { kind: "declined", code: "NOT_CHARGED", message: "LINE Pay has no payment for this orderId" },
    "system:plan-change",
  );
  return "not_charged";
}

export type PendingChangeResult =
  | { kind: "done"; subscription: SubscriptionRecord }
  | { kind: "busy" }
  | { kind: "refused"; reason: PlanChangeRefusal | "not_a_downgrade" | "nothing_pending" };

/** Stores a downgrade on the subscription; the renewal that opens the next period applies it. */
export async function scheduleDowngrade(
  deps: PlanChangeDeps,
  input: { userId: string; planCode: string; subscriptionId?: string },
): Promise<PendingChangeResult> {
  const preview = await previewPlanChange(deps, input);
  if (preview.kind === "refused") return preview;
  if (preview.kind !== "downgrade") return { kind: "refused", reason: "not_a_downgrade" };
  const { subscription: s, to, from } = preview;
  return guard(() =>
    transitionSubscription(deps.db, {
      id: s.id,
      from: "ACTIVE",
      to: "ACTIVE",
      actor: `user:${input.userId}`,
      reason: statusReason("subscription.downgrade_scheduled", {
        from: { code: from.code, name: from.name },
        to: { code: to.code, name: to.name },
      }),
      unclaimedAt: deps.now(),
      recordAs: "subscription.plan_change_scheduled",
      auditDetail: { before: { planId: s.planId }, after: { pendingPlanId: to.id } },
      data: {
        pendingPlanId: to.id,
        pendingAmountMinor: to.priceMinor,
        pendingInterval: to.billingInterval,
        pendingChangeAt: preview.effectiveAt,
      },
    }),
  );
}

/** Undoes a scheduled downgrade before it takes effect (the paid period's end). */
export async function cancelPendingChange(
  deps: Pick<PlanChangeDeps, "db" | "now">,
  input: {
    subscription: Omit<SubscriptionRecord, "regKeyCiphertext">;
    actor: string;
    actorLabel?: string;
    reason: StatusReason;
  },
): Promise<PendingChangeResult> {
  const s = input.subscription;
  const now = deps.now();
  if (!s.pendingPlanId) return { kind: "refused", reason: "nothing_pending" };
  if (s.status !== "ACTIVE") return { kind: "refused", reason: "not_active" };
  if (!s.currentPeriodEnd || s.currentPeriodEnd <= now)
    return { kind: "refused", reason: "period_over" };
  return guard(() =>
    transitionSubscription(deps.db, {
      id: s.id,
      from: "ACTIVE",
      to: "ACTIVE",
      actor: input.actor,
      actorLabel: input.actorLabel,
      reason: input.reason,
      unclaimedAt: now,
      recordAs: "subscription.plan_change_cancelled",
      auditDetail: { before: { pendingPlanId: s.pendingPlanId }, after: { pendingPlanId: null } },
      data: { ...NO_PENDING_CHANGE },
    }),
  );
}

async function guard(work: () => Promise<SubscriptionRecord>): Promise<PendingChangeResult> {
  try {
    return { kind: "done", subscription: await work() };
  } catch (error) {
    if (error instanceof SubscriptionStateConflictError) return { kind: "busy" };
    throw error;
  }
}
