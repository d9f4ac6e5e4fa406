// Why a reset link cannot be used (already used, expired, or not one of ours), in words, with the
// way on: ask for a new link, or sign in.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { MessagePage } from "../_components/message-page";
import { Button } from "../_components/ui/button";
import type { ResetLinkRefusal as Reason } from "./form-state";

export function ResetLinkRefusal({ reason }: { reason: Reason }) {
  const t = useTranslations("shop.resetPassword");
  return (
    <MessagePage
      tone="warn"
      data-testid="reset-link-refused"
      data-reason={reason}
      title={t(`refused.${reason}.title`)}
      actions={
        <>
          <Button asChild>
            <Link href="/forgot-password">{t("askAgain")}</Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/signin">{t("signIn")}</Link>
          </Button>
        </>
      }
    >
      <p>{t(`refused.${reason}.text`)}</p>
    </MessagePage>
  );
}
