"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { resetPasswordAction } from "./actions";
import type { ResetPasswordState } from "./form-state";
import { ResetLinkRefusal } from "./reset-link-refusal";
import { NewPasswordInput } from "../_components/new-password-input";

const IDLE: ResetPasswordState = { kind: "idle" };

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("shop.resetPassword");
  const [state, action, isPending] = useActionState(resetPasswordAction, IDLE);
  if (state.kind === "refused") return <ResetLinkRefusal reason={state.reason} />;
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <form
        action={action}
        className="stack"
        aria-describedby={state.kind === "error" ? "reset-password-error" : undefined}
      >
        <input type="hidden" name="token" value={token} />
        <label>
          {t("password")}
          <NewPasswordInput name="newPassword" />
        </label>
        <label>
          {t("confirm")}
          <NewPasswordInput name="confirmPassword" />
        </label>
        {state.kind === "error" ? (
          <p id="reset-password-error" className="error" role="alert">
            {t(`errors.${state.error}`)}
          </p>
        ) : null}
        <button type="submit" disabled={isPending}>
          {isPending ? t("busy") : t("submit")}
        </button>
      </form>
    </>
  );
}
