// /admin/renewals: the history of renewal runs (what each found and did, how long it took) and
// "run now" with a live progress bar.
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import { countDueSubscriptions, listRenewalRuns } from "@/lib/db/admin-renewal-query";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { formatDateTime } from "../_components/format";
import { RunNowButton } from "./run-now-button";
import { DataTable } from "../../_components/data-table";
import { PageHeader } from "../_components/admin-ui";

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
      <PageHeader title={t("title")} description={t("intro")} />
      <RunNowButton dueNow={dueNow} />
      {runs.length === 0 ? (
        <p className="text-muted">{t("none")}</p>
      ) : (
        <DataTable
          dense
          caption={t("caption")}
          testId="renewal-runs"
          rowTestId="renewal-run"
          rows={runs}
          rowKey={(run) => run.id}
          columns={[
            {
              key: "started",
              header: t("started"),
              cell: (run) => formatDateTime(run.startedAt, locale),
            },
            { key: "trigger", header: t("trigger"), hideBelow: "md", cell: (run) => run.trigger },
            { key: "runner", header: t("runner"), hideBelow: "lg", cell: (run) => run.runnerId },
            ...(
              ["due", "charged", "declined", "rebind", "unknown", "expired", "errors"] as const
            ).map((key) => ({
              key,
              header: t(key),
              align: "end" as const,
              cell: (run: (typeof runs)[number]) => count(run[key]),
            })),
            {
              key: "duration",
              header: t("duration"),
              align: "end",
              cell: (run) =>
                run.finishedAt
                  ? t("seconds", { seconds: ((run.durationMs ?? 0) / 1000).toFixed(1) })
                  : t("inProgress"),
            },
          ]}
        />
      )}
    </>
  );
}
