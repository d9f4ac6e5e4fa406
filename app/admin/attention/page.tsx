// /admin/attention: what the reconciliation job could not settle (flagged for a human), what it is
// still trying to settle (with its next check), and its recent runs; "verify now" on each order;
// and the notices to shoppers that could not be delivered.
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import {
  listOrdersNeedingAttention,
  listReconciliationRuns,
  type AttentionOrder,
} from "@/lib/db/reconciliation-repository";
import { storedReasonText } from "@/lib/i18n/status-reason-text";
import { listUndeliverableNotices } from "@/lib/db/notice-repository";
import { getAppDb } from "@/lib/server/app-db";
import { formatAmount, formatDateTime } from "../_components/format";
import { HealthGlance } from "../_components/health-glance";
import { NoticeTable } from "../_components/notice-table";
import { DataTable } from "../../_components/data-table";
import { VerifyNowButton } from "./verify-now-button";
import { Badge } from "../../_components/ui/badge";
import { PageHeader, SectionHeading } from "../_components/admin-ui";
import { statusTone } from "../../_components/status-tone";

export default async function NeedsAttentionPage() {
  await requireAdmin("/admin/attention");
  const [t, tStatus, locale] = [
    await getTranslations("admin.attention"),
    await getTranslations("admin.orders.status"),
    await getLocale(),
  ];
  const db = getAppDb();
  const [{ flagged, inProgress }, runs, undeliverable, tNotices] = await Promise.all([
    listOrdersNeedingAttention(db),
    listReconciliationRuns(db, 10),
    listUndeliverableNotices(db),
    getTranslations("admin.notices"),
  ]);

  const table = (
    rows: AttentionOrder[],
    caption: string,
    testId: string,
    reasonHeading: string,
  ) => (
    <DataTable
      dense
      caption={caption}
      testId={testId}
      rowTestId="attention-row"
      rows={rows}
      rowKey={(row) => row.id}
      rowHref={(row) => `/admin/orders/${encodeURIComponent(row.orderId)}`}
      columns={[
        { key: "order", header: t("order"), cell: (row) => row.orderId },
        {
          key: "status",
          header: t("status"),
          isKey: true,
          cell: (row) => (
            <>
              <Badge tone={statusTone("order", row.status)}>{tStatus(row.status)}</Badge>
              {row.refundPendingMinor > 0 ? (
                <>
                  {" "}
                  ·{" "}
                  {t("refundInFlight", {
                    amount: formatAmount(row.refundPendingMinor, row.currency, locale),
                  })}
                </>
              ) : null}
            </>
          ),
        },
        {
          key: "amount",
          header: t("amount"),
          isKey: true,
          align: "end",
          cell: (row) => formatAmount(row.amountMinor, row.currency, locale),
        },
        {
          key: "shopper",
          header: t("shopper"),
          hideBelow: "xl",
          cell: (row) => row.user.email ?? "—",
        },
        {
          key: "created",
          header: t("created"),
          hideBelow: "xl",
          cell: (row) => formatDateTime(row.createdAt, locale),
        },
        {
          key: "checks",
          header: t("checks"),
          align: "end",
          hideBelow: "xl",
          cell: (row) => row.reconcileChecks,
        },
        {
          key: "nextCheck",
          header: t("nextCheck"),
          hideBelow: "md",
          wrap: true,
          cell: (row) =>
            row.attentionSince
              ? t("flaggedSince", { at: formatDateTime(row.attentionSince, locale) })
              : formatDateTime(row.reconcileAfter, locale),
        },
        {
          key: "reason",
          header: reasonHeading,
          wrap: true,
          cellTestId: "attention-reason",
          cell: (row) =>
            row.attentionReason
              ? storedReasonText(
                  {
                    reason: row.attentionReason,
                    reasonCode: row.attentionReasonCode,
                    reasonParams: row.attentionReasonParams,
                  },
                  locale,
                )
              : "—",
        },
        {
          key: "action",
          header: t("action"),
          cell: (row) => <VerifyNowButton orderId={row.orderId} />,
        },
      ]}
    />
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <HealthGlance />
      <SectionHeading>{t("flaggedHeading", { count: flagged.length })}</SectionHeading>
      {flagged.length === 0 ? (
        <p className="text-muted" data-testid="attention-none">
          {t("noneFlagged")}
        </p>
      ) : (
        table(flagged, t("flaggedCaption"), "attention-flagged", t("reason"))
      )}
      <SectionHeading>{t("inProgressHeading", { count: inProgress.length })}</SectionHeading>
      {inProgress.length === 0 ? (
        <p className="text-muted">{t("noneInProgress")}</p>
      ) : (
        table(inProgress, t("inProgressCaption"), "attention-in-progress", t("lastFinding"))
      )}
      <SectionHeading>
        {tNotices("undeliverableHeading", { count: undeliverable.length })}
      </SectionHeading>
      <p className="text-muted">{tNotices("undeliverableIntro")}</p>
      {undeliverable.length === 0 ? (
        <p className="text-muted" data-testid="undeliverable-none">
          {tNotices("none")}
        </p>
      ) : (
        <NoticeTable
          rows={undeliverable}
          caption={tNotices("caption")}
          testId="undeliverable-notices"
        />
      )}
      <SectionHeading>{t("runsHeading")}</SectionHeading>
      {runs.length === 0 ? (
        <p className="text-muted">{t("noRuns")}</p>
      ) : (
        <DataTable
          dense
          caption={t("runsCaption")}
          testId="reconciliation-runs"
          rows={runs}
          rowKey={(run) => run.id}
          columns={[
            {
              key: "started",
              header: t("started"),
              cell: (run) => formatDateTime(run.startedAt, locale),
            },
            { key: "trigger", header: t("trigger"), hideBelow: "md", cell: (run) => run.trigger },
            ...(["checked", "settled", "stillOpen", "flagged", "errors"] as const).map((key) => ({
              key,
              header: t(key),
              align: "end" as const,
              cell: (run: (typeof runs)[number]) => run[key],
            })),
          ]}
        />
      )}
    </>
  );
}
