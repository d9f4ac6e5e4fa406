// /admin/attention: what the reconciliation job could not settle (flagged for a human), what it is
// still trying to settle (with its next check), and its recent runs; "verify now" on each order;
// and the notices to shoppers that could not be delivered.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import {
  listOrdersNeedingAttention,
  listReconciliationRuns,
  type AttentionOrder,
} from "@/lib/db/reconciliation-repository";
import { listUndeliverableNotices } from "@/lib/db/notice-repository";
import { getAppDb } from "@/lib/server/app-db";
import { formatAmount, formatDateTime } from "../_components/format";
import { HealthGlance } from "../_components/health-glance";
import { NoticeTable } from "../_components/notice-table";
import { TableScroll } from "../_components/table-scroll";
import { VerifyNowButton } from "./verify-now-button";

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
    <TableScroll label={caption}>
      <table className="admin-table" data-testid={testId}>
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("order")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col" className="num">
              {t("amount")}
            </th>
            <th scope="col">{t("shopper")}</th>
            <th scope="col">{t("created")}</th>
            <th scope="col" className="num">
              {t("checks")}
            </th>
            <th scope="col">{t("nextCheck")}</th>
            <th scope="col">{reasonHeading}</th>
            <th scope="col">{t("action")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="attention-row">
              <td>
                <Link href={`/admin/orders/${encodeURIComponent(row.orderId)}`}>{row.orderId}</Link>
              </td>
              <td>
                <span className="status">{tStatus(row.status)}</span>
                {row.refundPendingMinor > 0 ? (
                  <>
                    {" "}
                    ·{" "}
                    {t("refundInFlight", {
                      amount: formatAmount(row.refundPendingMinor, row.currency, locale),
                    })}
                  </>
                ) : null}
              </td>
              <td className="num">{formatAmount(row.amountMinor, row.currency, locale)}</td>
              <td>{row.user.email ?? "—"}</td>
              <td>{formatDateTime(row.createdAt, locale)}</td>
              <td className="num">{row.reconcileChecks}</td>
              <td>
                {row.attentionSince
                  ? t("flaggedSince", { at: formatDateTime(row.attentionSince, locale) })
                  : formatDateTime(row.reconcileAfter, locale)}
              </td>
              <td data-testid="attention-reason">{row.attentionReason ?? "—"}</td>
              <td>
                <VerifyNowButton orderId={row.orderId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );

  return (
    <>
      <h1>{t("title")}</h1>
      <HealthGlance />
      <p className="muted">{t("intro")}</p>
      <h2>{t("flaggedHeading", { count: flagged.length })}</h2>
      {flagged.length === 0 ? (
        <p className="muted" data-testid="attention-none">
          {t("noneFlagged")}
        </p>
      ) : (
        table(flagged, t("flaggedCaption"), "attention-flagged", t("reason"))
      )}
      <h2>{t("inProgressHeading", { count: inProgress.length })}</h2>
      {inProgress.length === 0 ? (
        <p className="muted">{t("noneInProgress")}</p>
      ) : (
        table(inProgress, t("inProgressCaption"), "attention-in-progress", t("lastFinding"))
      )}
      <h2>{tNotices("undeliverableHeading", { count: undeliverable.length })}</h2>
      <p className="muted">{tNotices("undeliverableIntro")}</p>
      {undeliverable.length === 0 ? (
        <p className="muted" data-testid="undeliverable-none">
          {tNotices("none")}
        </p>
      ) : (
        <NoticeTable
          rows={undeliverable}
          caption={tNotices("caption")}
          testId="undeliverable-notices"
        />
      )}
      <h2>{t("runsHeading")}</h2>
      {runs.length === 0 ? (
        <p className="muted">{t("noRuns")}</p>
      ) : (
        <TableScroll label={t("runsCaption")}>
          <table className="admin-table" data-testid="reconciliation-runs">
            <caption className="muted">{t("runsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("started")}</th>
                <th scope="col">{t("trigger")}</th>
                <th scope="col" className="num">
                  {t("checked")}
                </th>
                <th scope="col" className="num">
                  {t("settled")}
                </th>
                <th scope="col" className="num">
                  {t("stillOpen")}
                </th>
                <th scope="col" className="num">
                  {t("flagged")}
                </th>
                <th scope="col" className="num">
                  {t("errors")}
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{formatDateTime(run.startedAt, locale)}</td>
                  <td>{run.trigger}</td>
                  <td className="num">{run.checked}</td>
                  <td className="num">{run.settled}</td>
                  <td className="num">{run.stillOpen}</td>
                  <td className="num">{run.flagged}</td>
                  <td className="num">{run.errors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
