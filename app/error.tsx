"use client";
import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("common.error");
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("message")}</p>
      <button type="button" onClick={reset}>
        {t("tryAgain")}
      </button>
    </>
  );
}
