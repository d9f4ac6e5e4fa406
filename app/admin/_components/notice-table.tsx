// Notices to shoppers as the back office sees them: what was sent, by which channel, whether it
// arrived, how many tries it took and what the mail server last said, with "send again".
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { NoticeSummary } from "@/lib/db/notice-repository";
import { formatDateTime } from "./format";
import { ResendNoticeButton } from "./resend-notice-button";
import { TableScroll } from "./table-scroll";

export async function NoticeTable({
  rows,
  caption,
  testId,
}: {
  rows: NoticeSummary[];
  caption: string;
  testId: string;
}) {
  const [t, locale] = [await getTranslations("admin.notices"), await getLocale()];
  const label = (group: "kind" | "states" | "channels", key: string) =>
    t.has(`${group}.${key}`) ? t(`${group}.${key}`) : key;
  return (
    <TableScroll label={caption}>
      <table className="admin-table" data-testid={testId}>
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("kindColumn")}</th>
            <th scope="col">{t("shopper")}</th>
            <th scope="col">{t("channel")}</th>
            <th scope="col">{t("state")}</th>
            <th scope="col" className="num">
              {t("attempts")}
            </th>
            <th scope="col">{t("created")}</th>
            <th scope="col">{t("sentAt")}</th>
            <th scope="col">{t("lastError")}</th>
            <th scope="col">{t("action")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="notice-row">
              <td>
                {row.orderNumber ? (
                  <Link href={`/admin/orders/${encodeURIComponent(row.orderNumber)}`}>
                    {label("kind", row.kind)}
                  </Link>
                ) : (
                  label("kind", row.kind)
                )}
              </td>
              <td>{row.email}</td>
              <td>{label("channels", row.channel)}</td>
              <td>
                <span className="status">{label("states", row.state)}</span>
              </td>
              <td className="num">{row.attempts}</td>
              <td>{formatDateTime(row.createdAt, locale)}</td>
              <td>{row.sentAt ? formatDateTime(row.sentAt, locale) : "—"}</td>
              <td>{row.lastError ?? "—"}</td>
              <td>
                <ResendNoticeButton noticeId={row.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
