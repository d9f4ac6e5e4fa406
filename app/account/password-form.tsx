"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { changePasswordAction } from "./actions";
import type { PasswordFormState } from "./password-form-state";
import { NewPasswordInput } from "../_components/new-password-input";
import { FormError } from "../_components/ui/form-error";
import { Button } from "../_components/ui/button";
import { Field, Input } from "../_components/ui/field";

const IDLE: PasswordFormState = { kind: "idle" };

export function PasswordForm() {
  const t = useTranslations("shop.account.password");
  const [state, action, isPending] = useActionState(changePasswordAction, IDLE);
  return (
    <form
      action={action}
      className="mt-4 grid max-w-sm gap-4"
      aria-describedby={state.kind === "error" ? "password-error" : undefined}
    >
      <Field>
        {t("current")}
        <Input
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          maxLength={72}
          required
        />
      </Field>
      <Field>
        {t("new")}
        <NewPasswordInput name="newPassword" />
      </Field>
      {state.kind === "error" ? (
        <FormError id="password-error">{t(`errors.${state.error}`)}</FormError>
      ) : null}
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? t("busy") : t("submit")}
        </Button>
      </div>
    </form>
  );
}
