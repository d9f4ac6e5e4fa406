// Audit entries as a table: who or what, when, what, why, and the state before and after.
import { getLocale, getTranslations } from "next-intl/server";
import type { AuditEntryRecord } from "@/lib/db/audit-repository";
import { formatDateTime } from "./format";
import { TableScroll } from "./table-scroll";

export async function AuditTable({
  entries,
  showTarget = false,
}: {
  entries: AuditEntryRecord[];
  showTarget?: boolean;
}) {
  const [t, locale] = [await getTranslations("admin.audit"), await getLocale()];
  if (entries.length === 0) return <p className="muted">{t("none")}</p>;
  return (
    <TableScroll label={t("caption")}>
      <table className="admin-table" data-testid="audit-entries">
        <caption className="muted">{t("caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("when")}</th>
            <th scope="col">{t("who")}</th>
            <th scope="col">{t("action")}</th>
            {showTarget ? <th scope="col">{t("target")}</th> : null}
            <th scope="col">{t("why")}</th>
            <th scope="col">{t("before")}</th>
            <th scope="col">{t("after")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-entry">
              <td>{formatDateTime(entry.createdAt, locale)}</td>
              <td>{entry.actorLabel}</td>
              <td>
                <code>{entry.action}</code>
              </td>
              {showTarget ? (
                <td>
                  {entry.targetType} {entry.targetId}
                </td>
              ) : null}
              <td className="wrap">{entry.reason}</td>
              <td className="wrap">
                <code>{entry.before ?? "—"}</code>
              </td>
              <td className="wrap">
                <code>{entry.after ?? "—"}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
