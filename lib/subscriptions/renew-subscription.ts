// Charges one claimed subscription's due period with its stored regKey. The attempt row is written
// before LINE Pay is called; an attempt left PENDING (crash) or UNKNOWN (timeout) is settled through
// payment details by its orderId before any new charge for the period starts.
import { periodBounds } from "@/lib/billing/billing-period";
import { decideAfterCharge, type ChargeOutcome, type RenewalDecision } from "@/lib/billing/renewal-decision";
import { PaymentGatewayError } from "@/lib/checkout/payment-gateway";
import { createChargeAttempt, ensureBillingPeriod } from "@/lib/db/renewal-repository";
import { retryTransient } from "@/lib/db/retry-transient";
import { applySubscriptionTransition, type SubscriptionRecord } from "@/lib/db/subscription-repository";
import type { RenewalDeps, RenewalResult } from "./renewal-types";

const ACTOR = "system:renewals";
type Period = Awaited<ReturnType<typeof ensureBillingPeriod>>;

export async function renewSubscription(deps: RenewalDeps, subscription: SubscriptionRecord, runnerId: string): Promise<RenewalResult> {
  const now = deps.now();
  if (!subscription.anchorAt) throw new Error(`Subscription ${subscription.id} has no anchor`);
  const periodIndex = subscription.currentPeriodIndex + 1;
  const bounds = periodBounds(subscription.anchorAt, subscription.interval, periodIndex, deps.policy.timeZone);
  const period = await retryTransient(() =>
    ensureBillingPeriod(deps.db, { subscriptionId: subscription.id, periodIndex, ...bounds, amountMinor: subscription.amountMinor, currency: subscription.currency }),
  );

  for (const attempt of period.attempts.filter((a) => a.status === "PENDING" || a.status === "UNKNOWN")) {
    let found;
    try {
      found = await deps.gateway.findChargeByOrderId(attempt.orderId, { subscriptionId: subscription.id, chargeAttemptId: attempt.id });
    } catch {
      return apply(deps, subscription, period, attempt.id, attempt.attemptNumber, { kind: "unknown", code: null }, runnerId, null);
    }
    if (found.kind === "captured") {
      return apply(deps, subscription, period, attempt.id, attempt.attemptNumber, { kind: "succeeded" }, runnerId, found.transactionId);
    }
    await retryTransient(() =>
      deps.db.chargeAttempt.update({ where: { id: attempt.id }, data: { status: "NOT_CHARGED", settledAt: now, returnMessage: "LINE Pay has no payment for this orderId" } }),
    );
  }

  const declines = period.attempts.filter((a) => a.status === "DECLINED").length;
  const attemptNumber = declines + 1;
  if (!subscription.regKeyCiphertext) {
    return apply(deps, subscription, period, null, attemptNumber, { kind: "regkey_dead", code: "NO_REGKEY" }, runnerId, null);
  }
  const regKey = deps.vault.open(subscription.id, subscription.regKeyCiphertext);
  const sequence = period.attempts.length + 1;
  const attempt = await retryTransient(() =>
    createChargeAttempt(deps.db, {
      periodId: period.id,
      attemptNumber: sequence,
      orderId: `SUB-${subscription.id}-${periodIndex}-${sequence}`,
      amountMinor: subscription.amountMinor,
      currency: subscription.currency,
    }),
  );
  const ctx = { subscriptionId: subscription.id, chargeAttemptId: attempt.id };
  try {
    const { transactionId } = await deps.gateway.payPreapproved(
      regKey,
      { orderId: attempt.orderId, productName: deps.productName(subscription), amountMinor: subscription.amountMinor, currency: subscription.currency },
      ctx,
    );
    return apply(deps, subscription, period, attempt.id, attemptNumber, { kind: "succeeded" }, runnerId, transactionId);
  } catch (error) {
    return apply(deps, subscription, period, attempt.id, attemptNumber, classify(error), runnerId, null, error);
  }
}

function classify(error: unknown): ChargeOutcome {
  if (!(error instanceof PaymentGatewayError) || error.outcome === "unknown") {
    return { kind: "unknown", code: error instanceof PaymentGatewayError ? error.code : null };
  }
  return error.isRegKeyDead ? { kind: "regkey_dead", code: error.code ?? "" } : { kind: "declined", code: error.code ?? "" };
}

const ATTEMPT_STATUS = { succeeded: "SUCCEEDED", declined: "DECLINED", regkey_dead: "REGKEY_DEAD", unknown: "UNKNOWN" } as const;

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
  const decision = decideAfterCharge({ status: subscription.status, dueAt: period.startsAt, attemptNumber, now }, outcome, deps.policy);
  const release = { claimedBy: null, claimUntil: null };
  // The LINE Pay call is behind us: recording its outcome must not be lost to a busy database.
  const updated = await retryTransient(() => deps.db.$transaction(async (tx) => {
    if (attemptId) {
      await tx.chargeAttempt.update({
        where: { id: attemptId },
        data: {
          status: ATTEMPT_STATUS[outcome.kind],
          transactionId,
          returnCode: outcome.kind === "succeeded" ? "0000" : (outcome.code ?? null),
          returnMessage: error instanceof Error ? error.message.slice(0, 500) : null,
          settledAt: outcome.kind === "unknown" ? null : now,
          // Unique: a second successful attempt for the same period cannot be written.
          paidPeriodKey: outcome.kind === "succeeded" ? period.id : null,
        },
      });
    }
    const data = subscriptionChanges(decision, period, now);
    if (decision.action === "period_paid") await tx.billingPeriod.update({ where: { id: period.id }, data: { status: "PAID", paidAt: now } });
    if (decision.action === "give_up") await tx.billingPeriod.update({ where: { id: period.id }, data: { status: "UNPAID" } });
    return applySubscriptionTransition(tx, {
      id: subscription.id,
      from: subscription.status,
      to: decision.status,
      actor: `${ACTOR}:${runnerId}`,
      reason: describe(decision, outcome),
      data: { ...data, ...release },
    });
  }));
  return { decision: decision.action, subscription: updated };
}

function subscriptionChanges(decision: RenewalDecision, period: Period, now: Date) {
  switch (decision.action) {
    case "period_paid":
      return { currentPeriodIndex: period.periodIndex, currentPeriodStart: period.startsAt, currentPeriodEnd: period.endsAt, nextActionAt: period.endsAt, graceUntil: null };
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

function describe(decision: RenewalDecision, outcome: ChargeOutcome): string {
  const code = "code" in outcome && outcome.code ? ` (${outcome.code})` : "";
  switch (decision.action) {
    case "period_paid":
      return "Renewal charged with the stored regKey";
    case "retry_later":
      return `Renewal declined${code}; retry at ${decision.nextAttemptAt.toISOString()}`;
    case "needs_rebind":
      return `${decision.reason}${code}`;
    case "give_up":
      return decision.reason;
    case "verify_later":
      return `Renewal outcome unknown${code}; verify with LINE Pay before any new charge`;
  }
}
