// The "notices to the shopper" section of an order's or a subscription's back-office page.
import { getTranslations } from "next-intl/server";
import { listNoticesAbout } from "@/lib/db/notice-repository";
import { getAppDb } from "@/lib/server/app-db";
import { NoticeTable } from "./notice-table";
import { SectionHeading } from "./admin-ui";

export async function NoticesSection({
  about,
}: {
  about: { orderId: string } | { subscriptionId: string };
}) {
  const [t, rows] = await Promise.all([
    getTranslations("admin.notices"),
    listNoticesAbout(getAppDb(), about),
  ]);
  return (
    <>
      <SectionHeading id="notices">{t("heading")}</SectionHeading>
      {rows.length === 0 ? (
        <p className="text-muted">{t("noneSent")}</p>
      ) : (
        <NoticeTable rows={rows} caption={t("caption")} testId="notices" />
      )}
    </>
  );
}
