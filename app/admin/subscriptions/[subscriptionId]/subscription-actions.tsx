"use client";
// The admin's subscription actions: pick one, give a reason, apply. Cancel now and regKey expiry
// first say what they do and wait for a second press (a two-step form that works without
// JavaScript). The result is announced; after a refusal the choice and reason stay.
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
  const fields = "fields" in state ? state.fields : undefined;
  // The result stays on screen even when the action leaves nothing else to do (e.g. cancel now).
  const result =
    state.kind !== "idle" && state.kind !== "confirm" ? (
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
  if (state.kind === "confirm")
    return (
      <form action={action} className="stack" data-testid="subscription-actions">
        <input type="hidden" name="subscriptionId" value={subscriptionId} />
        <input type="hidden" name="action" value={state.fields.action} />
        <input type="hidden" name="reason" value={state.fields.reason} />
        <div className="notice warn stack" data-testid="subscription-action-confirm">
          <strong>{t(`kinds.${state.fields.action}`)}</strong>
          <p>{t(`confirm.${state.fields.action}`)}</p>
          <p>{t("confirm.reason", { reason: state.fields.reason })}</p>
          <div className="toolbar">
            <button type="submit" name="step" value="confirm" disabled={isPending}>
              {isPending ? t("working") : t("confirm.submit")}
            </button>
            <button type="submit" name="step" value="edit" className="secondary">
              {t("confirm.change")}
            </button>
          </div>
        </div>
      </form>
    );
  const chosen = fields && allowed.includes(fields.action) ? fields.action : allowed[0];
  return (
    <form action={action} className="stack" data-testid="subscription-actions">
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <label>
        {t("action")}
        <select name="action" required defaultValue={chosen}>
          {allowed.map((key) => (
            <option key={key} value={key}>
              {t(`kinds.${key}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("reason")}
        <textarea
          name="reason"
          required
          minLength={3}
          maxLength={500}
          rows={2}
          defaultValue={fields?.reason ?? ""}
        />
      </label>
      <button type="submit" name="step" value="review" disabled={isPending}>
        {isPending ? t("working") : t("submit")}
      </button>
      {result}
    </form>
  );
}
