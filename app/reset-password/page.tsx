// Where a password reset email's link lands: the form to choose a new password while the link is
// usable, else a page saying why it is not (used, expired, or not a link we sent).
import type { Metadata } from "next";
import { checkPasswordResetLink } from "@/lib/auth/password-reset";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { ResetLinkRefusal } from "./reset-link-refusal";
import { ResetPasswordForm } from "./reset-password-form";

// The token is in this page's address: no other site may receive it as a Referer. ("no-referrer"
// would also make the form's post say `Origin: null`, which the same-origin check refuses.)
export const metadata: Metadata = { referrer: "same-origin" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const now = (await getAppClock())();
  const state = await checkPasswordResetLink(getAppDb(), token, now);
  if (state !== "usable") return <ResetLinkRefusal reason={state} />;
  return <ResetPasswordForm token={token as string} />;
}
