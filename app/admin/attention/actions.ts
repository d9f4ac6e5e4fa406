"use server";
// "Verify now" on the needs-attention list: checks one order with LINE Pay at once, whatever its
// back-off schedule or flag, through the same check the reconciliation job runs. The list is not
// re-rendered here, so the row stays with its result until the admin reloads.
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { statusReasonText } from "@/lib/i18n/status-reason-text";
import { verifyOrderNow } from "@/lib/reconciliation/reconciliation-job";
import { getAppDeps } from "@/lib/server/app-deps";
import { reconcileDepsFrom } from "@/lib/server/reconcile-deps";

export type VerifyNowState =
  | { kind: "idle" }
  | { kind: "done"; result: "settled" | "open" | "attention"; detail: string }
  | { kind: "failed"; key: "noSuchOrder" | "error"; detail?: string };

export async function verifyNowAction(
  _previous: VerifyNowState,
  form: FormData,
): Promise<VerifyNowState> {
  const admin = await requireAdmin("/admin/attention");
  const orderId = z.string().min(1).max(100).safeParse(form.get("orderId"));
  if (!orderId.success) return { kind: "failed", key: "noSuchOrder" };
  try {
    const result = await verifyOrderNow(reconcileDepsFrom(await getAppDeps()), orderId.data, {
      actor: `admin:${admin.id}`,
      actorLabel: admin.email,
    });
    if (!result) return { kind: "failed", key: "noSuchOrder" };
    const why =
      result.kind === "settled"
        ? result.detail
        : result.kind === "open"
          ? result.note
          : result.reason;
    const detail = statusReasonText(why, await getLocale());
    return { kind: "done", result: result.kind, detail };
  } catch (error) {
    return {
      kind: "failed",
      key: "error",
      detail: error instanceof Error ? error.message.slice(0, 200) : String(error),
    };
  }
}
