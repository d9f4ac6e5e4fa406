"use server";
// Admin actions on one subscription. Each checks the admin itself, needs a reason (kept in the
// audit log), calls one lib/ use case and re-renders the page with the result.
import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import {
  cancelAtPeriodEndByAdmin,
  cancelNowByAdmin,
  expireRegKeyByAdmin,
  scheduleRetryNowByAdmin,
  type AdminSubscriptionResult,
} from "@/lib/admin/manage-subscription-admin";
import {
  applyPendingChangeByAdmin,
  cancelPendingChangeByAdmin,
} from "@/lib/admin/plan-change-admin";
import { getAppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";

/** What the admin chose and typed, given back unless the action was done. */
export interface SubscriptionActionFields {
  action: string;
  reason: string;
}

export type SubscriptionActionState =
  | { kind: "idle"; fields?: SubscriptionActionFields }
  // Cancel now and regKey expiry cannot be undone: the first press asks for a confirmation.
  | { kind: "confirm"; fields: SubscriptionActionFields & { action: IrreversibleAction } }
  | {
      kind: AdminSubscriptionResult["kind"] | "invalid";
      status?: string;
      fields?: SubscriptionActionFields;
    };

const IRREVERSIBLE = ["cancel_now", "expire_regkey"] as const;
type IrreversibleAction = (typeof IRREVERSIBLE)[number];
const isIrreversible = (action: string): action is IrreversibleAction =>
  (IRREVERSIBLE as readonly string[]).includes(action);

const formSchema = z.object({
  subscriptionId: z.string().min(1).max(64),
  action: z.enum([
    "cancel_at_period_end",
    "cancel_now",
    "expire_regkey",
    "retry_now",
    "apply_plan_change",
    "cancel_plan_change",
  ]),
  reason: z.string().trim().min(3).max(500),
  step: z.enum(["review", "confirm", "edit"]).default("review"),
});

const textOf = (form: FormData, name: string, max: number) => {
  const value = form.get(name);
  return typeof value === "string" ? value.slice(0, max) : "";
};

const USE_CASES = {
  cancel_at_period_end: cancelAtPeriodEndByAdmin,
  cancel_now: cancelNowByAdmin,
  expire_regkey: expireRegKeyByAdmin,
  retry_now: scheduleRetryNowByAdmin,
  apply_plan_change: applyPendingChangeByAdmin,
  cancel_plan_change: cancelPendingChangeByAdmin,
} as const;

export async function subscriptionAction(
  _previous: SubscriptionActionState,
  form: FormData,
): Promise<SubscriptionActionState> {
  const parsed = formSchema.safeParse(Object.fromEntries(form));
  const path = parsed.success
    ? `/admin/subscriptions/${encodeURIComponent(parsed.data.subscriptionId)}`
    : "/admin/subscriptions";
  const admin = await requireAdmin(path);
  const fields = { action: textOf(form, "action", 40), reason: textOf(form, "reason", 500) };
  if (form.get("step") === "edit") return { kind: "idle", fields };
  if (!parsed.success) return { kind: "invalid", fields };
  const { action } = parsed.data;
  if (isIrreversible(action) && parsed.data.step !== "confirm")
    return { kind: "confirm", fields: { action, reason: parsed.data.reason } };
  const deps = await getAppDeps();
  const who = { actor: `admin:${admin.id}`, actorLabel: admin.email, reason: parsed.data.reason };
  const result = await USE_CASES[parsed.data.action](deps, parsed.data.subscriptionId, who);
  if (result.kind === "done" && parsed.data.action === "retry_now") {
    // Charge it now rather than at the next scheduled run.
    after(() =>
      runRenewals(renewalDepsFrom(deps), {
        trigger: "admin-retry",
        runnerId: `admin-${randomBytes(4).toString("hex")}`,
      }).then(
        () => undefined,
        () => undefined,
      ),
    );
  }
  revalidatePath(path);
  return {
    kind: result.kind,
    ...(result.kind === "done" ? {} : { fields }),
    ...("subscription" in result
      ? { status: result.subscription.status }
      : "status" in result
        ? { status: result.status }
        : {}),
  };
}
