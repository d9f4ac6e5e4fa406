// Why a reset link cannot be used (already used, expired, or not one of ours), in words, with the
// way on: ask for a new link, or sign in.
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ResetLinkRefusal as Reason } from "./form-state";

export function ResetLinkRefusal({ reason }: { reason: Reason }) {
  const t = useTranslations("shop.resetPassword");
  return (
    <section data-testid="reset-link-refused" data-reason={reason}>
      <h1>{t(`refused.${reason}.title`)}</h1>
      <p>{t(`refused.${reason}.text`)}</p>
      <p className="actions">
        <Link href="/forgot-password">{t("askAgain")}</Link>
        <Link href="/signin">{t("signIn")}</Link>
      </p>
    </section>
  );
}
