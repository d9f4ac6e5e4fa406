"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

export function SignInForm({ callbackUrl, lineLoginEnabled }: { callbackUrl: string; lineLoginEnabled: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setBusy(false);
    if (!result || result.error) {
      setError("Email or password is incorrect.");
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <>
      <form className="stack" onSubmit={onSubmit} aria-describedby={error ? "signin-error" : undefined}>
        <label>Email<input name="email" type="email" autoComplete="email" required /></label>
        <label>Password<input name="password" type="password" autoComplete="current-password" required /></label>
        {error ? <p id="signin-error" className="error" role="alert">{error}</p> : null}
        <button type="submit" disabled={isBusy}>{isBusy ? "Signing in…" : "Sign in"}</button>
      </form>
      {lineLoginEnabled ? (
        <p><button type="button" className="secondary" onClick={() => signIn("line", { callbackUrl })}>Sign in with LINE</button></p>
      ) : null}
    </>
  );
}
