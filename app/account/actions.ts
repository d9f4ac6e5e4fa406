"use server";
// Server action behind the account page's password form. Next.js refuses server actions from
// another origin; the current password is checked like a sign-in (lib/auth/change-password.ts).
import { redirect } from "next/navigation";
import { changePassword } from "@/lib/auth/change-password";
import { requireUser } from "@/lib/auth/session";
import { getAppDb } from "@/lib/server/app-db";
import type { PasswordFormState } from "./password-form-state";

export async function changePasswordAction(
  _previous: PasswordFormState,
  form: FormData,
): Promise<PasswordFormState> {
  const user = await requireUser("/account");
  const currentPassword = form.get("currentPassword");
  const newPassword = form.get("newPassword");
  if (typeof currentPassword !== "string" || typeof newPassword !== "string")
    return { kind: "error", error: "invalidNewPassword" };
  const outcome = await changePassword(
    getAppDb(),
    { userId: user.id, email: user.email, currentPassword, newPassword },
    new Date(),
  );
  // Every session ended, this one too: sign in again with the new password.
  if (outcome === "changed") redirect("/signin?notice=passwordChanged");
  const errors = {
    "invalid-new-password": "invalidNewPassword",
    "wrong-password": "wrongPassword",
    "no-password": "noPassword",
    "rate-limited": "rateLimited",
  } as const;
  return { kind: "error", error: errors[outcome] };
}
