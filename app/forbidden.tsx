import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("common");
  return (
    <>
      <h1>{t("forbidden.title")}</h1>
      <p>{t("forbidden.message")}</p>
      <p>
        <Link href="/">{t("backToPlans")}</Link>
      </p>
    </>
  );
}
