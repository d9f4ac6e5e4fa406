// Audit entries as a table: who or what, when, what, why, and the state before and after.
import { getLocale, getTranslations } from "next-intl/server";
import type { AuditEntryRecord } from "@/lib/db/audit-repository";
import { DataTable, type DataColumn } from "../../_components/data-table";
import { formatDateTime } from "./format";
import { storedReasonText } from "@/lib/i18n/status-reason-text";

/** Before and after are JSON: small type, and wide enough that a key is not broken letter by letter. */
const STATE_CLASS = "block min-w-32 text-xs";

export async function AuditTable({
  entries,
  showTarget = false,
}: {
  entries: AuditEntryRecord[];
  showTarget?: boolean;
}) {
  const [t, locale] = [await getTranslations("admin.audit"), await getLocale()];
  if (entries.length === 0) return <p className="text-muted">{t("none")}</p>;
  const target: DataColumn<AuditEntryRecord>[] = showTarget
    ? [
        {
          key: "target",
          header: t("target"),
          wrap: true,
          hideBelow: "md",
          cell: (entry) => (
            <span className="block min-w-32">{`${entry.targetType} ${entry.targetId}`}</span>
          ),
        },
      ]
    : [];
  return (
    <DataTable
      dense
      caption={t("caption")}
      testId="audit-entries"
      rowTestId="audit-entry"
      rows={entries}
      rowKey={(entry) => entry.id}
      columns={[
        {
          key: "when",
          header: t("when"),
          wrap: true,
          cell: (entry) => formatDateTime(entry.createdAt, locale),
        },
        {
          key: "who",
          header: t("who"),
          wrap: true,
          hideBelow: "sm",
          cell: (entry) => entry.actorLabel,
        },
        {
          key: "action",
          header: t("action"),
          cell: (entry) => <code className="text-xs">{entry.action}</code>,
        },
        ...target,
        {
          key: "why",
          header: t("why"),
          wrap: true,
          cell: (entry) => storedReasonText(entry, locale),
        },
        {
          key: "before",
          header: t("before"),
          wrap: true,
          hideBelow: "md",
          cell: (entry) => <code className={STATE_CLASS}>{entry.before ?? "—"}</code>,
        },
        {
          key: "after",
          header: t("after"),
          wrap: true,
          hideBelow: "md",
          cell: (entry) => <code className={STATE_CLASS}>{entry.after ?? "—"}</code>,
        },
      ]}
    />
  );
}
