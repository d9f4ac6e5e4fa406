// /admin/subscriptions/[id]: one subscription with its billing periods and every charge attempt,
// its orders, status history and audit entries, and the admin's actions.
import { periodNumber } from "@/lib/billing/period-number";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import { findAdminSubscriptionDetail } from "@/lib/db/admin-subscription-query";
import { findPlanById } from "@/lib/db/plan-repository";
import { getAppDb } from "@/lib/server/app-db";
import { AuditTable } from "../../_components/audit-table";
import { NoticesSection } from "../../_components/notices-section";
import { formatAmount, formatDateTime } from "../../_components/format";
import { SubscriptionActions } from "./subscription-actions";
import { DataTable } from "../../../_components/data-table";
import { getPlanNames } from "../../../_components/plan-names";
import { storedReasonText } from "@/lib/i18n/status-reason-text";
import { Badge } from "../../../_components/ui/badge";
import { Card, CardTitle } from "../../../_components/ui/card";
import {
  Facts,
  PageHeader,
  SectionHeading,
  Timeline,
  timelineItemClass,
} from "../../_components/admin-ui";
import { statusTone } from "../../../_components/status-tone";

const ACTIONS_BY_STATUS: Record<string, string[]> = {
  ACTIVE: ["cancel_at_period_end", "cancel_now", "expire_regkey"],
  PAST_DUE: ["retry_now", "cancel_now", "expire_regkey"],
  NEEDS_REBIND: ["cancel_now"],
  CANCELED: ["cancel_now", "expire_regkey"],
  EXPIRED: ["expire_regkey"],
  INCOMPLETE: [],
};

export default async function AdminSubscriptionPage({
  params,
}: {
  params: Promise<{ subscriptionId: string }>;
}) {
  const { subscriptionId } = await params;
  await requireAdmin(`/admin/subscriptions/${encodeURIComponent(subscriptionId)}`);
  if (subscriptionId.length > 64) notFound();
  const detail = await findAdminSubscriptionDetail(getAppDb(), subscriptionId);
  if (!detail) notFound();
  const [t, tStatus, tOrder, planNames, locale] = [
    await getTranslations("admin.subscription"),
    await getTranslations("admin.subscriptionStatus"),
    await getTranslations("admin.order"),
    await getPlanNames(),
    await getLocale(),
  ];
  const { subscription: s, periods, orders, statusChanges, audit } = detail;
  const money = (minor: number) => formatAmount(minor, s.currency, locale);
  const allowed = (ACTIONS_BY_STATUS[s.status] ?? []).filter(
    (a) => a !== "expire_regkey" || s.hasRegKey,
  );
  // A scheduled plan change (a downgrade waiting for the period end) can be applied now or cancelled.
  const pendingPlan = s.pendingPlanId ? await findPlanById(getAppDb(), s.pendingPlanId) : null;
  if (pendingPlan && s.status === "ACTIVE")
    allowed.unshift("apply_plan_change", "cancel_plan_change");

  return (
    <>
      <PageHeader
        back={<Link href="/admin/subscriptions">{t("back")}</Link>}
        title={
          <>
            {t("title", { email: s.user.email })}{" "}
            <Badge
              tone={statusTone("subscription", s.status)}
              className="text-base"
              data-testid="admin-subscription-status"
            >
              {tStatus(s.status)}
            </Badge>
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <Card aria-labelledby="sub-facts">
          <CardTitle id="sub-facts">{t("facts.heading")}</CardTitle>
          <Facts>
            <dt>{t("facts.id")}</dt>
            <dd>{s.id}</dd>
            <dt>{t("facts.plan")}</dt>
            <dd>
              {planNames.name(s.plan)} ({s.plan.code})
            </dd>
            <dt>{t("facts.amount")}</dt>
            <dd>
              {money(s.amountMinor)} / {t(`interval.${s.interval}`)}
            </dd>
            {pendingPlan ? (
              <>
                <dt>{t("facts.pendingChange")}</dt>
                <dd data-testid="admin-pending-change">
                  {t("facts.pendingChangeValue", {
                    plan: `${planNames.name(pendingPlan)} (${pendingPlan.code})`,
                    amount: money(s.pendingAmountMinor ?? pendingPlan.priceMinor),
                    interval: t(`interval.${s.pendingInterval ?? "MONTH"}`),
                    date: formatDateTime(s.pendingChangeAt, locale),
                  })}
                </dd>
              </>
            ) : null}
            <dt>{t("facts.period")}</dt>
            <dd>
              {formatDateTime(s.currentPeriodStart, locale)} →{" "}
              {formatDateTime(s.currentPeriodEnd, locale)}
            </dd>
            <dt>{t("facts.nextAction")}</dt>
            <dd>{formatDateTime(s.nextActionAt, locale)}</dd>
            {s.graceUntil ? (
              <>
                <dt>{t("facts.graceUntil")}</dt>
                <dd>{formatDateTime(s.graceUntil, locale)}</dd>
              </>
            ) : null}
            <dt>{t("facts.regKey")}</dt>
            <dd data-testid="subscription-regkey">
              {s.hasRegKey
                ? t("facts.regKeyStored", { hint: s.regKeyHint ?? "" })
                : t("facts.regKeyNone")}
            </dd>
            {s.canceledAt ? (
              <>
                <dt>{t("facts.canceledAt")}</dt>
                <dd>{formatDateTime(s.canceledAt, locale)}</dd>
              </>
            ) : null}
            {s.endedAt ? (
              <>
                <dt>{t("facts.endedAt")}</dt>
                <dd>{formatDateTime(s.endedAt, locale)}</dd>
              </>
            ) : null}
          </Facts>
        </Card>
        <Card aria-labelledby="sub-actions">
          <CardTitle id="sub-actions">{t("actions.heading")}</CardTitle>
          <SubscriptionActions subscriptionId={s.id} allowed={allowed} />
        </Card>
      </div>

      <SectionHeading>{t("periods.heading")}</SectionHeading>
      <DataTable
        dense
        caption={t("periods.caption")}
        testId="subscription-periods"
        rows={periods}
        rowKey={(p) => p.id}
        columns={[
          {
            key: "number",
            header: t("periods.number"),
            cellTestId: "admin-period-number",
            cell: (p) => periodNumber(p.periodIndex),
          },
          {
            key: "status",
            header: t("periods.status"),
            isKey: true,
            cell: (p) => (
              <>
                <Badge tone={statusTone("period", p.status)}>{t(`periodStatus.${p.status}`)}</Badge>
                {p.paidByOrderId ? ` (${t("periods.byCheckout")})` : ""}
              </>
            ),
          },
          {
            key: "amount",
            header: t("periods.amount"),
            isKey: true,
            align: "end",
            cell: (p) => money(p.amountMinor),
          },
          {
            key: "dates",
            header: t("periods.dates"),
            // Each date stays whole: on a phone the two break at the arrow, not inside a date.
            cell: (p) => (
              <>
                <span className="whitespace-nowrap">{formatDateTime(p.startsAt, locale)} →</span>{" "}
                <span className="whitespace-nowrap">{formatDateTime(p.endsAt, locale)}</span>
              </>
            ),
          },
          {
            key: "attempts",
            header: t("periods.attempts"),
            wrap: true,
            cell: (p) =>
              p.attempts.length === 0 ? (
                "—"
              ) : (
                <ul className="my-0 pl-4">
                  {p.attempts.map((a) => (
                    <li key={a.id}>
                      {a.orderId} · {t(`attemptStatus.${a.status}`)}
                      {a.returnCode ? ` · ${a.returnCode}` : ""} ·{" "}
                      {formatDateTime(a.createdAt, locale)}
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />

      <SectionHeading>{t("orders.heading")}</SectionHeading>
      <ul className="m-0 list-none divide-y divide-line rounded-card border border-line bg-surface p-0 shadow-xs">
        {orders.map((o) => (
          <li key={o.orderId} className="px-4 py-2.5 wrap-anywhere">
            <Link href={`/admin/orders/${o.orderId}`} className="font-medium">
              {o.orderId}
            </Link>{" "}
            · {tOrder(`kind.${o.kind}`)} ·{" "}
            <Badge tone={statusTone("order", o.status)} data-status={o.status}>
              {tOrder(`status.${o.status}`)}
            </Badge>{" "}
            · {formatAmount(o.amountMinor, o.currency, locale)} ·{" "}
            {formatDateTime(o.createdAt, locale)}
          </li>
        ))}
      </ul>

      <SectionHeading>{t("history.heading")}</SectionHeading>
      <Timeline>
        {statusChanges.map((c) => (
          <li key={c.id} className={timelineItemClass()}>
            {tStatus(c.fromStatus)} → <strong>{tStatus(c.toStatus)}</strong> ·{" "}
            {storedReasonText(c, locale)} ·{" "}
            <span className="text-muted">
              {c.actor} · {formatDateTime(c.createdAt, locale)}
            </span>
          </li>
        ))}
      </Timeline>

      <NoticesSection about={{ subscriptionId: s.id }} />
      <SectionHeading>{t("audit.heading")}</SectionHeading>
      <AuditTable entries={audit} />
    </>
  );
}
