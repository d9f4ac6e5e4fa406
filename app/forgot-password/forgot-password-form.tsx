"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { requestPasswordResetAction } from "./actions";
import type { ForgotPasswordState } from "./form-state";
import { Alert } from "../_components/ui/alert";
import { FormError } from "../_components/ui/form-error";
import { Button } from "../_components/ui/button";
import { Field, Input } from "../_components/ui/field";

const IDLE: ForgotPasswordState = { kind: "idle" };

export function ForgotPasswordForm() {
  const t = useTranslations("shop.forgotPassword");
  const [state, action, isPending] = useActionState(requestPasswordResetAction, IDLE);
  if (state.kind === "sent")
    return (
      <Alert tone="success" role="status" className="mb-0" data-testid="forgot-password-sent">
        {t("sent")}
      </Alert>
    );
  return (
    <form
      action={action}
      className="grid gap-4"
      aria-describedby={state.kind === "error" ? "forgot-password-error" : undefined}
    >
      <Field>
        {t("email")}
        <Input name="email" type="email" autoComplete="email" maxLength={254} required />
      </Field>
      {state.kind === "error" ? (
        <FormError id="forgot-password-error">
          {state.error === "rateLimited"
            ? t("errors.rateLimited", { minutes: state.minutes })
            : t("errors.invalidEmail")}
        </FormError>
      ) : null}
      <Button type="submit" disabled={isPending} className="w-full">
        {isPending ? t("busy") : t("submit")}
      </Button>
    </form>
  );
}
