"use client";
import { useTranslations } from "next-intl";
import { MessagePage } from "./_components/message-page";
import { Button } from "./_components/ui/button";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("common.error");
  return (
    <MessagePage
      tone="danger"
      title={t("title")}
      actions={
        <Button type="button" onClick={reset}>
          {t("tryAgain")}
        </Button>
      }
    >
      <p>{t("message")}</p>
    </MessagePage>
  );
}
