"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { requestPasswordResetAction } from "./actions";
import type { ForgotPasswordState } from "./form-state";

const IDLE: ForgotPasswordState = { kind: "idle" };

export function ForgotPasswordForm() {
  const t = useTranslations("shop.forgotPassword");
  const [state, action, isPending] = useActionState(requestPasswordResetAction, IDLE);
  if (state.kind === "sent")
    return (
      <p role="status" className="notice" data-testid="forgot-password-sent">
        {t("sent")}
      </p>
    );
  return (
    <form
      action={action}
      className="stack"
      aria-describedby={state.kind === "error" ? "forgot-password-error" : undefined}
    >
      <label>
        {t("email")}
        <input name="email" type="email" autoComplete="email" maxLength={254} required />
      </label>
      {state.kind === "error" ? (
        <p id="forgot-password-error" className="error" role="alert">
          {state.error === "rateLimited"
            ? t("errors.rateLimited", { minutes: state.minutes })
            : t("errors.invalidEmail")}
        </p>
      ) : null}
      <button type="submit" disabled={isPending}>
        {isPending ? t("busy") : t("submit")}
      </button>
    </form>
  );
}
