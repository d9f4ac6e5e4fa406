"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { formText } from "../_components/form-text";

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
      <form
        className="stack"
        onSubmit={onSubmit}
        aria-describedby={failure ? "signin-error" : undefined}
      >
        <label>
          {t("email")}
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          {t("password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {failure ? (
          <p id="signin-error" className="error" role="alert">
            {t(failure)}
          </p>
        ) : null}
        <button type="submit" disabled={isBusy}>
          {isBusy ? t("busy") : t("submit")}
        </button>
      </form>
      {lineLoginEnabled ? (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => signIn("line", { callbackUrl })}
          >
            {t("withLine")}
          </button>
        </p>
      ) : null}
    </>
  );
}
