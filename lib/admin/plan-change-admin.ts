// An admin's hand on a scheduled plan change (a downgrade waiting for the period end): apply it now
// or cancel it, with a reason kept in the audit log. Guarded like the other admin actions: only an
// ACTIVE subscription whose paid period has not ended, never while a runner or a charge holds it.
import {
  SubscriptionStateConflictError,
  findSubscription,
  transitionSubscription,
} from "@/lib/db/subscription-repository";
import { NO_PENDING_CHANGE } from "@/lib/db/plan-change-repository";
import { cancelPendingChange } from "@/lib/subscriptions/change-plan";
import type {
  AdminActor,
  AdminSubscriptionDeps,
  AdminSubscriptionResult,
} from "./manage-subscription-admin";
import { statusReason } from "@/lib/billing/status-reason";

/**
 * Applies the scheduled change now: the subscription moves to the new plan, its price and interval;
 * the paid period keeps its dates (nothing is charged or refunded) and the next period, on the new
 * plan's calendar, starts at its end. Unlike the shopper's scheduled change it can no longer be
 * undone.
 */
export async function applyPendingChangeByAdmin(
  deps: AdminSubscriptionDeps,
  id: string,
  who: AdminActor,
): Promise<AdminSubscriptionResult> {
  const s = await findSubscription(deps.db, id);
  if (!s) return { kind: "not_found" };
  const now = deps.now();
  if (
    s.status !== "ACTIVE" ||
    !s.pendingPlanId ||
    s.pendingAmountMinor === null ||
    !s.pendingInterval ||
    !s.currentPeriodEnd ||
    s.currentPeriodEnd <= now
  )
    return { kind: "not_allowed", status: s.status };
  try {
    const subscription = await transitionSubscription(deps.db, {
      id,
      from: "ACTIVE",
      to: "ACTIVE",
      actor: who.actor,
      actorLabel: who.actorLabel,
      reason: statusReason("admin.plan_change_applied", { note: who.reason }),
      unclaimedAt: now,
      planId: s.pendingPlanId,
      recordAs: "subscription.plan_change",
      auditDetail: {
        before: { planId: s.planId, amountMinor: s.amountMinor, interval: s.interval },
        after: {
          planId: s.pendingPlanId,
          amountMinor: s.pendingAmountMinor,
          interval: s.pendingInterval,
        },
      },
      data: {
        amountMinor: s.pendingAmountMinor,
        interval: s.pendingInterval,
        // The next period starts where the paid one ends, on the new plan's calendar.
        anchorAt: s.currentPeriodEnd,
        anchorPeriodIndex: s.currentPeriodIndex + 1,
        ...NO_PENDING_CHANGE,
      },
    });
    return { kind: "done", subscription };
  } catch (error) {
    if (error instanceof SubscriptionStateConflictError) return { kind: "busy" };
    throw error;
  }
}

/** Cancels the scheduled change: the subscription renews on its current plan. */
export async function cancelPendingChangeByAdmin(
  deps: AdminSubscriptionDeps,
  id: string,
  who: AdminActor,
): Promise<AdminSubscriptionResult> {
  const s = await findSubscription(deps.db, id);
  if (!s) return { kind: "not_found" };
  const result = await cancelPendingChange(deps, {
    subscription: s,
    actor: who.actor,
    actorLabel: who.actorLabel,
    reason: statusReason("admin.plan_change_cancelled", { note: who.reason }),
  });
  if (result.kind === "done") return { kind: "done", subscription: result.subscription };
  return result.kind === "busy" ? { kind: "busy" } : { kind: "not_allowed", status: s.status };
}
