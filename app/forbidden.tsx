import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "./_components/message-page";
import { Button } from "./_components/ui/button";

export default async function Forbidden() {
  const t = await getTranslations("common");
  return (
    <MessagePage
      tone="warn"
      mark="403"
      title={t("forbidden.title")}
      actions={
        <Button asChild>
          <Link href="/">{t("backToPlans")}</Link>
        </Button>
      }
    >
      <p>{t("forbidden.message")}</p>
    </MessagePage>
  );
}
