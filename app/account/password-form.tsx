"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { changePasswordAction } from "./actions";
import type { PasswordFormState } from "./password-form-state";
import { NewPasswordInput } from "../_components/new-password-input";

const IDLE: PasswordFormState = { kind: "idle" };

export function PasswordForm() {
  const t = useTranslations("shop.account.password");
  const [state, action, isPending] = useActionState(changePasswordAction, IDLE);
  return (
    <form
      action={action}
      className="stack"
      aria-describedby={state.kind === "error" ? "password-error" : undefined}
    >
      <label>
        {t("current")}
        <input
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          maxLength={72}
          required
        />
      </label>
      <label>
        {t("new")}
        <NewPasswordInput name="newPassword" />
      </label>
      {state.kind === "error" ? (
        <p id="password-error" className="error" role="alert">
          {t(`errors.${state.error}`)}
        </p>
      ) : null}
      <button type="submit" disabled={isPending}>
        {isPending ? t("busy") : t("submit")}
      </button>
    </form>
  );
}
