"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { formText } from "../_components/form-text";
import { NewPasswordInput } from "../_components/new-password-input";
import { FormError } from "../_components/ui/form-error";
import { Button } from "../_components/ui/button";
import { Field, Input } from "../_components/ui/field";

type SignUpError = "invalidInput" | "rateLimited" | "generic" | "signInFailed";

// The API answers in English with a stable code; the shopper reads the code's words in their language.
const ERROR_BY_CODE: Record<string, SignUpError> = {
  invalid_input: "invalidInput",
  rate_limited: "rateLimited",
};

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("shop.signUp");
  const [error, setError] = useState<SignUpError | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const body = {
      email: formText(form, "email"),
      name: formText(form, "name"),
      password: formText(form, "password"),
    };
    const response = await fetch("/api/account/signup", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const payload = (await response.json().catch(() => null)) as {
        error?: { code?: string };
      } | null;
      setError(ERROR_BY_CODE[payload?.error?.code ?? ""] ?? "generic");
      setBusy(false);
      return;
    }
    const result = await signIn("credentials", {
      email: body.email,
      password: body.password,
      redirect: false,
    });
    if (!result || result.error) {
      setError("signInFailed");
      setBusy(false);
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form
      className="grid gap-4"
      onSubmit={onSubmit}
      aria-describedby={error ? "signup-error" : undefined}
    >
      <Field>
        {t("email")}
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <Field>
        {t("name")}
        <Input name="name" type="text" autoComplete="name" maxLength={100} />
      </Field>
      <Field>
        {t("password")}
        <NewPasswordInput name="password" />
      </Field>
      {error ? <FormError id="signup-error">{t(`errors.${error}`)}</FormError> : null}
      <Button type="submit" disabled={isBusy} className="w-full">
        {isBusy ? t("busy") : t("submit")}
      </Button>
    </form>
  );
}
