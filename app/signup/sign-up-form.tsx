"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const body = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), password: String(form.get("password") ?? "") };
    const response = await fetch("/api/account/signup", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const payload = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(payload?.error?.message ?? "Could not create the account. Please try again.");
      setBusy(false);
      return;
    }
    const result = await signIn("credentials", { email: body.email, password: body.password, redirect: false });
    if (!result || result.error) {
      setError("Your account was created but signing in failed. Please sign in.");
      setBusy(false);
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form className="stack" onSubmit={onSubmit}>
      <label>Email<input name="email" type="email" autoComplete="email" required /></label>
      <label>Name (optional)<input name="name" type="text" autoComplete="name" maxLength={100} /></label>
      <label>Password (8 to 72 characters)<input name="password" type="password" autoComplete="new-password" minLength={8} maxLength={72} required /></label>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <button type="submit" disabled={isBusy}>{isBusy ? "Creating…" : "Create account"}</button>
    </form>
  );
}
