// The plan change page's form, from parsed fields to what the shopper is told next: one result
// code the page words in the shopper's language (shop.planChange.result.*).
import { findSubscriptionForUser } from "@/lib/db/subscription-repository";
import {
  cancelPendingChange,
  scheduleDowngrade,
  upgradePlan,
  type PlanChangeDeps,
} from "./change-plan";
import { statusReason } from "@/lib/billing/status-reason";

export interface PlanChangeForm {
  planCode?: string;
  intent?: "upgrade" | "downgrade";
  confirmedChargeMinor?: number;
}

export type PlanChangeNotice =
  | "upgraded"
  | "declined"
  | "unknown"
  | "quote_changed"
  | "busy"
  | "scheduled"
  | "change_cancelled"
  | "refused";

export async function handlePlanChangeRequest(
  deps: PlanChangeDeps,
  input: {
    userId: string;
    subscriptionId: string;
    action: "change-plan" | "cancel-change";
    form: PlanChangeForm;
  },
): Promise<{ notice: PlanChangeNotice; reason?: string; planCode?: string }> {
  const { userId, subscriptionId, form } = input;
  if (input.action === "cancel-change") {
    const subscription = await findSubscriptionForUser(deps.db, subscriptionId, userId);
    if (!subscription) return { notice: "refused", reason: "no_subscription" };
    const result = await cancelPendingChange(deps, {
      subscription,
      actor: `user:${userId}`,
      reason: statusReason("subscription.plan_change_cancelled"),
    });
    if (result.kind === "done") return { notice: "change_cancelled" };
    return result.kind === "busy"
      ? { notice: "busy" }
      : { notice: "refused", reason: result.reason };
  }
  const planCode = form.planCode ?? "";
  if (form.intent === "upgrade") {
    const result = await upgradePlan(deps, {
      userId,
      subscriptionId,
      planCode,
      confirmedChargeMinor: form.confirmedChargeMinor ?? -1,
    });
    if (result.kind === "refused") return { notice: "refused", reason: result.reason, planCode };
    return { notice: result.kind, planCode };
  }
  const result = await scheduleDowngrade(deps, { userId, subscriptionId, planCode });
  if (result.kind === "done") return { notice: "scheduled", planCode };
  return result.kind === "busy"
    ? { notice: "busy", planCode }
    : { notice: "refused", reason: result.reason, planCode };
}
