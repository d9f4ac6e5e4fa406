"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { formText } from "../_components/form-text";
import { FormError } from "../_components/ui/form-error";
import { Button } from "../_components/ui/button";
import { Field, Input } from "../_components/ui/field";

export function SignInForm({
  callbackUrl,
  lineLoginEnabled,
}: {
  callbackUrl: string;
  lineLoginEnabled: boolean;
}) {
  const t = useTranslations("shop.signIn");
  const [failure, setFailure] = useState<"failed" | "rateLimited" | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    });
    setBusy(false);
    if (!result || result.error) {
      setFailure(result?.status === 429 ? "rateLimited" : "failed");
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <>
      {/* "stack" names the password form for the e2e helpers that sign in through it. */}
      <form
        className="stack grid max-w-none gap-4"
        onSubmit={onSubmit}
        aria-describedby={failure ? "signin-error" : undefined}
      >
        <Field>
          {t("email")}
          <Input name="email" type="email" autoComplete="email" required />
        </Field>
        <Field>
          {t("password")}
          <Input name="password" type="password" autoComplete="current-password" required />
        </Field>
        {failure ? <FormError id="signin-error">{t(failure)}</FormError> : null}
        <Button type="submit" disabled={isBusy} className="w-full">
          {isBusy ? t("busy") : t("submit")}
        </Button>
      </form>
      {lineLoginEnabled ? (
        <div className="mt-3">
          <Button
            type="button"
            variant="outline"
            className="w-full"
            onClick={() => signIn("line", { callbackUrl })}
          >
            {t("withLine")}
          </Button>
        </div>
      ) : null}
    </>
  );
}
