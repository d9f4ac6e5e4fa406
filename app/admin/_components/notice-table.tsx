// Notices to shoppers as the back office sees them: what was sent, by which channel, whether it
// arrived, how many tries it took and what the mail server last said, with "send again".
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { NoticeSummary } from "@/lib/db/notice-repository";
import { DataTable } from "../../_components/data-table";
import { formatDateTime } from "./format";
import { ResendNoticeButton } from "./resend-notice-button";
import { statusTone } from "../../_components/status-tone";
import { Badge } from "../../_components/ui/badge";

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
    <DataTable
      dense
      caption={caption}
      testId={testId}
      rowTestId="notice-row"
      rows={rows}
      rowKey={(row) => row.id}
      columns={[
        {
          key: "kind",
          header: t("kindColumn"),
          cell: (row) =>
            row.orderNumber ? (
              <Link href={`/admin/orders/${encodeURIComponent(row.orderNumber)}`}>
                {label("kind", row.kind)}
              </Link>
            ) : (
              label("kind", row.kind)
            ),
        },
        {
          key: "shopper",
          header: t("shopper"),
          wrap: true,
          hideBelow: "md",
          cell: (row) => row.email,
        },
        {
          key: "channel",
          header: t("channel"),
          hideBelow: "sm",
          cell: (row) => label("channels", row.channel),
        },
        {
          key: "state",
          header: t("state"),
          isKey: true,
          cell: (row) => (
            <Badge tone={statusTone("notice", row.state)}>{label("states", row.state)}</Badge>
          ),
        },
        {
          key: "attempts",
          header: t("attempts"),
          align: "end",
          hideBelow: "md",
          cell: (row) => row.attempts,
        },
        {
          key: "created",
          header: t("created"),
          hideBelow: "lg",
          cell: (row) => formatDateTime(row.createdAt, locale),
        },
        {
          key: "sentAt",
          header: t("sentAt"),
          hideBelow: "md",
          cell: (row) => (row.sentAt ? formatDateTime(row.sentAt, locale) : "—"),
        },
        {
          key: "lastError",
          header: t("lastError"),
          wrap: true,
          hideBelow: "md",
          cell: (row) => row.lastError ?? "—",
        },
        {
          key: "action",
          header: t("action"),
          cell: (row) => <ResendNoticeButton noticeId={row.id} />,
        },
      ]}
    />
  );
}
