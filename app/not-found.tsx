import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "./_components/message-page";
import { Button } from "./_components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <MessagePage
      mark="404"
      title={t("notFound.title")}
      actions={
        <Button asChild>
          <Link href="/">{t("backToPlans")}</Link>
        </Button>
      }
    >
      <p>{t("notFound.message")}</p>
    </MessagePage>
  );
}
