"use client";
// The admin's subscription actions: pick one, give a reason, confirm. The result is announced.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { subscriptionAction, type SubscriptionActionState } from "./actions";

export function SubscriptionActions({
  subscriptionId,
  allowed,
}: {
  subscriptionId: string;
  allowed: string[];
}) {
  const t = useTranslations("admin.subscription.actions");
  const [state, action, isPending] = useActionState<SubscriptionActionState, FormData>(
    subscriptionAction,
    { kind: "idle" },
  );
  // The result stays on screen even when the action leaves nothing else to do (e.g. cancel now).
  const result =
    state.kind !== "idle" ? (
      <p
        role="status"
        className={`notice ${state.kind === "done" ? "success" : "warn"}`}
        data-testid="subscription-action-result"
      >
        {t(`result.${state.kind}`, { status: state.status ?? "" })}
      </p>
    ) : null;
  if (allowed.length === 0)
    return (
      <>
        {result}
        <p className="muted">{t("none")}</p>
      </>
    );
  return (
    <form action={action} className="stack" data-testid="subscription-actions">
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <label>
        {t("action")}
        <select name="action" required defaultValue={allowed[0]}>
          {allowed.map((key) => (
            <option key={key} value={key}>
              {t(`kinds.${key}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("reason")}
        <textarea name="reason" required minLength={3} maxLength={500} rows={2} />
      </label>
      <button type="submit" disabled={isPending}>
        {isPending ? t("working") : t("submit")}
      </button>
      {result}
    </form>
  );
}
