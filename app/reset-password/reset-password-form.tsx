"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { resetPasswordAction } from "./actions";
import type { ResetPasswordState } from "./form-state";
import { ResetLinkRefusal } from "./reset-link-refusal";
import { AuthPanel } from "../_components/auth-panel";
import { NewPasswordInput } from "../_components/new-password-input";
import { FormError } from "../_components/ui/form-error";
import { Button } from "../_components/ui/button";
import { Field } from "../_components/ui/field";

const IDLE: ResetPasswordState = { kind: "idle" };

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("shop.resetPassword");
  const [state, action, isPending] = useActionState(resetPasswordAction, IDLE);
  if (state.kind === "refused") return <ResetLinkRefusal reason={state.reason} />;
  return (
    <AuthPanel title={t("title")} intro={t("intro")}>
      <form
        action={action}
        className="grid gap-4"
        aria-describedby={state.kind === "error" ? "reset-password-error" : undefined}
      >
        <input type="hidden" name="token" value={token} />
        <Field>
          {t("password")}
          <NewPasswordInput name="newPassword" />
        </Field>
        <Field>
          {t("confirm")}
          <NewPasswordInput name="confirmPassword" />
        </Field>
        {state.kind === "error" ? (
          <FormError id="reset-password-error">{t(`errors.${state.error}`)}</FormError>
        ) : null}
        <Button type="submit" disabled={isPending} className="w-full">
          {isPending ? t("busy") : t("submit")}
        </Button>
      </form>
    </AuthPanel>
  );
}
