"use client";
// Capture or void an authorization (manual-capture plans), with a reason for the audit log.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { authorizationAction, type AuthorizationState } from "./actions";

export function AuthorizationActions({ orderId, isOpen }: { orderId: string; isOpen: boolean }) {
  const t = useTranslations("admin.order.authorization");
  const [state, action, isPending] = useActionState<AuthorizationState, FormData>(
    authorizationAction,
    { kind: "idle" },
  );
  return (
    <form
      action={action}
      className="stack"
      aria-labelledby="authorization-heading"
      data-testid="authorization-form"
    >
      <h3 id="authorization-heading">{t("heading")}</h3>
      <input type="hidden" name="orderId" value={orderId} />
      <fieldset className="stack" disabled={!isOpen || isPending}>
        <legend className="visually-hidden">{t("heading")}</legend>
        <label>
          {t("reason")}
          <textarea name="reason" required minLength={3} maxLength={500} rows={2} />
        </label>
        <div className="toolbar">
          <button type="submit" name="action" value="capture">
            {t("capture")}
          </button>
          <button type="submit" name="action" value="void" className="secondary">
            {t("void")}
          </button>
        </div>
      </fieldset>
      {state.kind !== "idle" ? (
        <p
          role="status"
          className={`notice ${state.kind === "done" ? "success" : "warn"}`}
          data-testid="authorization-result"
        >
          {t(`result.${state.kind}`, {
            status: "status" in state ? state.status : "",
            detail: "detail" in state ? state.detail : "",
          })}
        </p>
      ) : null}
    </form>
  );
}
