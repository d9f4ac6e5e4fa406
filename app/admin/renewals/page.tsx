// /admin/renewals: the history of renewal runs (what each found and did, how long it took) and
// "run now" with a live progress bar.
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import { countDueSubscriptions, listRenewalRuns } from "@/lib/db/admin-renewal-query";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { formatDateTime } from "../_components/format";
import { RunNowButton } from "./run-now-button";
import { TableScroll } from "../_components/table-scroll";

export default async function RenewalRunsPage() {
  await requireAdmin("/admin/renewals");
  const [t, locale] = [await getTranslations("admin.renewals"), await getLocale()];
  const db = getAppDb();
  const now = (await getAppClock())();
  const [runs, dueNow] = await Promise.all([
    listRenewalRuns(db, 100),
    countDueSubscriptions(db, now),
  ]);
  const count = (n: number) => n.toLocaleString(locale);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <RunNowButton dueNow={dueNow} />
      {runs.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <TableScroll label={t("caption")}>
          <table className="admin-table" data-testid="renewal-runs">
            <caption className="muted">{t("caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("started")}</th>
                <th scope="col">{t("trigger")}</th>
                <th scope="col">{t("runner")}</th>
                <th scope="col" className="num">
                  {t("due")}
                </th>
                <th scope="col" className="num">
                  {t("charged")}
                </th>
                <th scope="col" className="num">
                  {t("declined")}
                </th>
                <th scope="col" className="num">
                  {t("rebind")}
                </th>
                <th scope="col" className="num">
                  {t("unknown")}
                </th>
                <th scope="col" className="num">
                  {t("expired")}
                </th>
                <th scope="col" className="num">
                  {t("errors")}
                </th>
                <th scope="col" className="num">
                  {t("duration")}
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-testid="renewal-run">
                  <td>{formatDateTime(run.startedAt, locale)}</td>
                  <td>{run.trigger}</td>
                  <td>{run.runnerId}</td>
                  <td className="num">{count(run.due)}</td>
                  <td className="num">{count(run.charged)}</td>
                  <td className="num">{count(run.declined)}</td>
                  <td className="num">{count(run.rebind)}</td>
                  <td className="num">{count(run.unknown)}</td>
                  <td className="num">{count(run.expired)}</td>
                  <td className="num">{count(run.errors)}</td>
                  <td className="num">
                    {run.finishedAt
                      ? t("seconds", { seconds: ((run.durationMs ?? 0) / 1000).toFixed(1) })
                      : t("inProgress")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
