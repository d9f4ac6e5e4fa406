import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <>
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.message")}</p>
      <p>
        <Link href="/">{t("backToPlans")}</Link>
      </p>
    </>
  );
}
