// Charges one claimed subscription's due period with its stored regKey. The attempt row is written
// before LINE Pay is called; an attempt left PENDING (crash) or UNKNOWN (timeout) is settled through
// payment details by its orderId before any new charge for the period starts.
import { periodBounds, scheduledPeriodBounds } from "@/lib/billing/billing-period";
import { termsForNextPeriod } from "@/lib/billing/plan-change";
import {
  decideAfterCharge,
  type ChargeOutcome,
  type RenewalDecision,
} from "@/lib/billing/renewal-decision";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import {
  openRenewalCharge,
  recordChargeOutcome,
  type BillingPeriodRecord,
  type ChargeAttemptRecord,
  type OpenedCharge,
} from "@/lib/db/renewal-charge-repository";
import { failOpenRenewalOrder } from "@/lib/db/order-repository";
import {
  makeDueAndRelease,
  markAttemptNotCharged,
  releaseSubscription,
} from "@/lib/db/renewal-repository";
import { retryTransient } from "@/lib/db/retry-transient";
import { isRenewingStatus } from "@/lib/billing/subscription-status";
import { settleEndedSubscriptionCharge } from "./settle-ended-charge";
import type { SubscriptionRecord } from "@/lib/db/subscription-repository";
import type { RenewalDeps, RenewalResult } from "./renewal-types";
import { statusReason } from "@/lib/billing/status-reason";
import type { StatusReason } from "@/lib/billing/status-reason";

const ACTOR = "system:renewals";
type Period = BillingPeriodRecord;

/**
 * The period after the current one, as the renewal charge opens it. A downgrade waiting for the
 * period end takes effect here: the period starts where the schedule says and runs one interval
 * of the new plan (the schedule is re-anchored at its start once it is paid), at the new price.
 */
function duePeriodOf(subscription: SubscriptionRecord, anchorAt: Date, deps: RenewalDeps) {
  const periodIndex = subscription.currentPeriodIndex + 1;
  const { timeZone } = deps.policy;
  const scheduled = scheduledPeriodBounds({ ...subscription, anchorAt }, periodIndex, timeZone);
  const terms = termsForNextPeriod(subscription);
  const bounds = terms.isPlanChange
    ? periodBounds(scheduled.startsAt, terms.interval, 0, timeZone)
    : scheduled;
  return {
    subscriptionId: subscription.id,
    periodIndex,
    ...bounds,
    amountMinor: terms.amountMinor,
    currency: subscription.currency,
  };
}

export async function renewSubscription(
  deps: RenewalDeps,
  subscription: SubscriptionRecord,
  runnerId: string,
): Promise<RenewalResult> {
  if (!subscription.anchorAt) throw new Error(`Subscription ${subscription.id} has no anchor`);
  const input = duePeriodOf(subscription, subscription.anchorAt, deps);
  const { periodIndex } = input;
  // No regKey: nothing to charge with, so no attempt is written.
  const charge = subscription.regKeyCiphertext
    ? {
        orderIdFor: (sequence: number) => `SUB-${subscription.id}-${periodIndex}-${sequence}`,
        userId: subscription.userId,
        planId: subscription.pendingPlanId ?? subscription.planId,
        provider: subscription.provider,
      }
    : null;
  let opened = await retryTransient(() => openRenewalCharge(deps.db, input, charge, deps.now()));

  const unsettled = opened.attempts.filter((a) => a.status === "PENDING" || a.status === "UNKNOWN");
  if (unsettled.length > 0) {
    const settled = await settleEarlierAttempts(deps, subscription, opened, unsettled, runnerId);
    if (settled) return settled;
    // Every earlier attempt was proven uncharged: now the new attempt can be written.
    opened = await retryTransient(() => openRenewalCharge(deps.db, input, charge, deps.now()));
  }
  const { period, attempts, attempt } = opened;
  const attemptNumber = attempts.filter((a) => a.status === "DECLINED").length + 1;
  if (!subscription.regKeyCiphertext) {
    return apply(
      deps,
      subscription,
      period,
      null,
      attemptNumber,
      { kind: "regkey_dead", code: "NO_REGKEY" },
      runnerId,
      null,
    );
  }
  if (!attempt)
    throw new Error(
      `Subscription ${subscription.id}: an earlier attempt for period ${periodIndex} is still unsettled`,
    );
  const regKey = deps.vault.open(subscription.id, subscription.regKeyCiphertext);
  const ctx = { subscriptionId: subscription.id, chargeAttemptId: attempt.id };
  try {
    const { transactionId } = await deps.payments.gatewayFor(subscription.provider).payPreapproved(
      regKey,
      {
        orderId: attempt.orderId,
        productName: deps.productName(subscription),
        // The attempt's own amount: the new plan's price when a downgrade takes effect with it.
        amountMinor: attempt.amountMinor,
        currency: attempt.currency,
      },
      ctx,
    );
    return apply(
      deps,
      subscription,
      period,
      attempt.id,
      attemptNumber,
      { kind: "succeeded" },
      runnerId,
      transactionId,
    );
  } catch (error) {
    return apply(
      deps,
      subscription,
      period,
      attempt.id,
      attemptNumber,
      classify(error),
      runnerId,
      null,
      error,
    );
  }
}

export type RenewalSettlement =
  "charged" | "refunded" | "not_charged" | "still_unknown" | "nothing_open";

/**
 * Reconciliation: settles the open charge of a claimed subscription (an attempt left PENDING by a
 * crash or UNKNOWN by a lost answer) through payment details by orderId, without starting a new
 * charge. A charge proven never made leaves the subscription due now, so the next renewal run
 * charges the period; the claim is released either way.
 */
export async function settleOpenRenewalCharge(
  deps: RenewalDeps,
  subscription: SubscriptionRecord,
  runnerId: string,
): Promise<RenewalSettlement> {
  if (!subscription.anchorAt) return "nothing_open";
  const input = duePeriodOf(subscription, subscription.anchorAt, deps);
  const opened = await retryTransient(() => openRenewalCharge(deps.db, input, null, deps.now()));
  const unsettled = opened.attempts.filter((a) => a.status === "PENDING" || a.status === "UNKNOWN");
  if (unsettled.length === 0) {
    await retryTransient(() => releaseSubscription(deps.db, subscription.id, runnerId));
    return "nothing_open";
  }
  const settled = await settleEarlierAttempts(deps, subscription, opened, unsettled, runnerId);
  if (settled) {
    if (settled.decision === "refunded") return "refunded";
    return settled.decision === "period_paid" ? "charged" : "still_unknown";
  }
  await retryTransient(() => makeDueAndRelease(deps.db, subscription.id, runnerId, deps.now()));
  return "not_charged";
}

/**
 * Asks LINE Pay about each PENDING/UNKNOWN attempt by its orderId. Returns the renewal's result
 * when one was in fact charged (or LINE Pay cannot be asked); null when none was charged.
 */
async function settleEarlierAttempts(
  deps: RenewalDeps,
  subscription: SubscriptionRecord,
  opened: OpenedCharge,
  unsettled: ChargeAttemptRecord[],
  runnerId: string,
): Promise<RenewalResult | null> {
  const now = deps.now();
  for (const attempt of unsettled) {
    let found;
    try {
      found = await deps.payments
        .gatewayFor(subscription.provider)
        .findChargeByOrderId(attempt.orderId, {
          subscriptionId: subscription.id,
          chargeAttemptId: attempt.id,
        });
    } catch {
      if (!isRenewingStatus(subscription.status))
        return settleEndedSubscriptionCharge(
          deps,
          subscription,
          attempt,
          { kind: "unknown" },
          runnerId,
        );
      return apply(
        deps,
        subscription,
        opened.period,
        attempt.id,
        attempt.attemptNumber,
        { kind: "unknown", code: null },
        runnerId,
        null,
      );
    }
    if (found.kind === "captured") {
      if (!isRenewingStatus(subscription.status))
        return settleEndedSubscriptionCharge(deps, subscription, attempt, found, runnerId);
      return apply(
        deps,
        subscription,
        opened.period,
        attempt.id,
        attempt.attemptNumber,
        { kind: "succeeded" },
        runnerId,
        found.transactionId,
      );
    }
    await retryTransient(() =>
      markAttemptNotCharged(deps.db, attempt.id, now, "LINE Pay has no payment for this orderId"),
    );
    await retryTransient(() =>
      failOpenRenewalOrder(
        deps.db,
        attempt.orderId,
        `${ACTOR}:${runnerId}`,
        statusReason("renewal.not_charged"),
      ),
    );
  }
  return null;
}

function classify(error: unknown): ChargeOutcome {
  if (!(error instanceof PaymentGatewayError) || error.outcome === "unknown") {
    return { kind: "unknown", code: error instanceof PaymentGatewayError ? error.code : null };
  }
  return error.isRegKeyDead
    ? { kind: "regkey_dead", code: error.code ?? "" }
    : { kind: "declined", code: error.code ?? "" };
}

const ATTEMPT_STATUS = {
  succeeded: "SUCCEEDED",
  declined: "DECLINED",
  regkey_dead: "REGKEY_DEAD",
  unknown: "UNKNOWN",
} as const;

async function apply(
  deps: RenewalDeps,
  subscription: SubscriptionRecord,
  period: Period,
  attemptId: string | null,
  attemptNumber: number,
  outcome: ChargeOutcome,
  runnerId: string,
  transactionId: string | null,
  error?: unknown,
): Promise<RenewalResult> {
  const now = deps.now();
  const decision = decideAfterCharge(
    { status: subscription.status, dueAt: period.startsAt, attemptNumber, now },
    outcome,
    deps.policy,
  );
  const release = { claimedBy: null, claimUntil: null };
  const planChange =
    decision.action === "period_paid" ? pendingChangeTaken(subscription, period) : null;
  // The LINE Pay call is behind us: recording its outcome must not be lost to a busy database.
  const updated = await retryTransient(() =>
    recordChargeOutcome(deps.db, {
      attempt: attemptId
        ? {
            id: attemptId,
            status: ATTEMPT_STATUS[outcome.kind],
            transactionId,
            returnCode: outcome.kind === "succeeded" ? "0000" : (outcome.code ?? null),
            returnMessage: error instanceof Error ? error.message.slice(0, 500) : null,
            settledAt: outcome.kind === "unknown" ? null : now,
            paidPeriodKey: outcome.kind === "succeeded" ? period.id : null,
          }
        : null,
      period:
        decision.action === "period_paid"
          ? { id: period.id, status: "PAID", paidAt: now }
          : decision.action === "give_up"
            ? { id: period.id, status: "UNPAID", paidAt: null }
            : null,
      transition: {
        at: now,
        id: subscription.id,
        from: subscription.status,
        to: decision.status,
        actor: `${ACTOR}:${runnerId}`,
        reason: describe(decision, outcome, planChange),
        ...(planChange ? planChange.transition : {}),
        data: { ...subscriptionChanges(decision, period, now), ...planChange?.data, ...release },
      },
    }),
  );
  return { decision: decision.action, subscription: updated };
}

/** A scheduled downgrade paid by this renewal: the plan, price and interval move, re-anchored. */
function pendingChangeTaken(subscription: SubscriptionRecord, period: Period) {
  const { pendingPlanId, pendingAmountMinor, pendingInterval } = subscription;
  if (!pendingPlanId || pendingAmountMinor === null || !pendingInterval) return null;
  return {
    transition: {
      planId: pendingPlanId,
      recordAs: "subscription.plan_change",
      auditDetail: {
        before: { planId: subscription.planId, amountMinor: subscription.amountMinor },
        after: {
          planId: pendingPlanId,
          amountMinor: period.amountMinor,
          interval: pendingInterval,
        },
      },
    },
    data: {
      amountMinor: period.amountMinor,
      interval: pendingInterval,
      anchorAt: period.startsAt,
      anchorPeriodIndex: period.periodIndex,
      pendingPlanId: null,
      pendingAmountMinor: null,
      pendingInterval: null,
      pendingChangeAt: null,
    },
  };
}

function subscriptionChanges(decision: RenewalDecision, period: Period, now: Date) {
  switch (decision.action) {
    case "period_paid":
      return {
        currentPeriodIndex: period.periodIndex,
        currentPeriodStart: period.startsAt,
        currentPeriodEnd: period.endsAt,
        nextActionAt: period.endsAt,
        graceUntil: null,
      };
    case "retry_later":
      return { nextActionAt: decision.nextAttemptAt, graceUntil: decision.accessUntil };
    case "needs_rebind":
      return { nextActionAt: decision.accessUntil, graceUntil: decision.accessUntil };
    case "give_up":
      return { endedAt: now, graceUntil: null, nextActionAt: now };
    case "verify_later":
      return { nextActionAt: decision.verifyAt };
  }
}

function describe(
  decision: RenewalDecision,
  outcome: ChargeOutcome,
  planChange: unknown = null,
): StatusReason {
  const code = "code" in outcome && outcome.code ? outcome.code : null;
  switch (decision.action) {
    case "period_paid":
      return statusReason(planChange ? "renewal.charged_plan_changed" : "renewal.charged");
    case "retry_later": {
      const at = decision.nextAttemptAt.toISOString();
      return code
        ? statusReason("renewal.declined_retry_code", { code, at })
        : statusReason("renewal.declined_retry", { at });
    }
    case "needs_rebind":
    case "give_up":
      return decision.reason;
    case "verify_later":
      return code
        ? statusReason("renewal.outcome_unknown_code", { code })
        : statusReason("renewal.outcome_unknown");
  }
}
