"use server";
// Server action behind the "choose a new password" form: the link's token and the new password go
// to lib/auth/password-reset.ts; on success every session has ended, so the shopper signs in.
import { redirect } from "next/navigation";
import { resetPassword } from "@/lib/auth/password-reset";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import type { ResetPasswordState } from "./form-state";

export async function resetPasswordAction(
  _previous: ResetPasswordState,
  form: FormData,
): Promise<ResetPasswordState> {
  const newPassword = form.get("newPassword");
  if (newPassword !== form.get("confirmPassword")) return { kind: "error", error: "mismatch" };
  const now = (await getAppClock())();
  const outcome = await resetPassword(getAppDb(), { token: form.get("token"), newPassword }, now);
  if (outcome === "reset") redirect("/signin?notice=passwordReset");
  if (outcome === "invalid-new-password") return { kind: "error", error: "invalidNewPassword" };
  return { kind: "refused", reason: outcome };
}
