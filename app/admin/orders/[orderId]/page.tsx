// /admin/orders/[orderId]: one order with its money (paid, refunded, reserved), refunds, the
// timeline of LINE Pay calls, status history and audit entries, and the actions an admin may take.
import { randomUUID } from "node:crypto";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import { isManualRefundProvider } from "@/lib/admin/refund-order";
import { refundableMinor } from "@/lib/billing/refund-policy";
import { findAdminOrderDetail } from "@/lib/db/admin-order-detail";
import { paymentProviderName } from "@/lib/payments/payment-providers";
import { getAppDb } from "@/lib/server/app-db";
import { AuditTable } from "../../_components/audit-table";
import { NoticesSection } from "../../_components/notices-section";
import { formatAmount, formatDateTime } from "../../_components/format";
import { AuthorizationActions } from "./authorization-actions";
import { PaymentRecordPanel } from "./payment-record-panel";
import { RefundForm } from "./refund-form";
import { SinoPacDetails } from "./sinopac-details";
import { VerifyButton } from "./verify-button";
import { DataTable } from "../../../_components/data-table";
import { Badge } from "../../../_components/ui/badge";
import { Card, CardTitle } from "../../../_components/ui/card";
import {
  Facts,
  PageHeader,
  Pager,
  SectionHeading,
  Timeline,
  timelineItemClass,
} from "../../_components/admin-ui";
import { statusTone } from "../../../_components/status-tone";
import { getPlanNames } from "../../../_components/plan-names";
import { storedReasonText } from "@/lib/i18n/status-reason-text";

const OUTCOME_TONE = { SUCCESS: "success", FAILURE: "danger", UNKNOWN: "warn" } as const;

/** `?events=<page>`: which page of LINE Pay calls to show; anything else is the first. */
function eventsPageOf(value: string | string[] | undefined): number {
  return typeof value === "string" && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : 1;
}

export default async function AdminOrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ orderId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orderId } = await params;
  const eventsPage = eventsPageOf((await searchParams).events);
  await requireAdmin(`/admin/orders/${encodeURIComponent(orderId)}`);
  if (orderId.length > 100) notFound();
  const detail = await findAdminOrderDetail(getAppDb(), orderId, { eventsPage });
  if (!detail) notFound();
  const [t, planNames, locale] = [
    await getTranslations("admin.order"),
    await getPlanNames(),
    await getLocale(),
  ];
  const { order, refunds, paymentEvents, paymentEventPage, statusChanges, audit } = detail;
  const eventsHref = (page: number) =>
    `/admin/orders/${encodeURIComponent(order.orderId)}?events=${page}#payment-events`;
  const money = (minor: number) => formatAmount(minor, order.currency, locale);
  const refundable = refundableMinor(order);
  const canRefund =
    (order.status === "PAID" || order.status === "PARTIALLY_REFUNDED") && refundable > 0;
  // A fully refunded order keeps the form (disabled) so the last refund's result stays on screen.
  const showsRefundForm =
    canRefund || order.status === "REFUNDED" || order.status === "PARTIALLY_REFUNDED";
  const hasOpenRefund = refunds.some((r) => r.status === "UNKNOWN" || r.status === "PENDING");
  const canVerify =
    ["UNKNOWN", "PENDING", "CONFIRMING", "AUTHORIZED"].includes(order.status) || hasOpenRefund;
  // Kept on screen after a capture or void so its result stays visible.
  const showsAuthorization =
    order.status === "AUTHORIZED" ||
    order.status === "VOIDED" ||
    (order.plan.captureMode === "MANUAL" && order.paidAt !== null);

  return (
    <>
      <PageHeader
        back={<Link href="/admin/orders">{t("back")}</Link>}
        title={
          <>
            {t("title", { orderId: order.orderId })}{" "}
            <Badge
              tone={statusTone("order", order.status)}
              className="text-base"
              data-testid="admin-order-status"
            >
              {t(`status.${order.status}`)}
            </Badge>
          </>
        }
      />

      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <Card aria-labelledby="facts-heading">
          <CardTitle id="facts-heading">{t("facts.heading")}</CardTitle>
          <Facts>
            <dt>{t("facts.shopper")}</dt>
            <dd>{order.user.email}</dd>
            <dt>{t("facts.plan")}</dt>
            <dd>
              {planNames.name(order.plan)} ({order.plan.code})
            </dd>
            <dt>{t("facts.type")}</dt>
            <dd>{t(`kind.${order.kind}`)}</dd>
            <dt>{t("facts.amount")}</dt>
            <dd data-testid="order-amount">{money(order.amountMinor)}</dd>
            <dt>{t("facts.refunded")}</dt>
            <dd data-testid="order-refunded">{money(order.refundedMinor)}</dd>
            {order.refundPendingMinor > 0 ? (
              <>
                <dt>{t("facts.refundPending")}</dt>
                <dd>{money(order.refundPendingMinor)}</dd>
              </>
            ) : null}
            <dt>{t("facts.provider")}</dt>
            <dd>{paymentProviderName(order.provider)}</dd>
            <dt>{t("facts.transactionId")}</dt>
            <dd>{order.transactionId ?? "—"}</dd>
            <dt>{t("facts.created")}</dt>
            <dd>{formatDateTime(order.createdAt, locale)}</dd>
            <dt>{t("facts.paid")}</dt>
            <dd>{formatDateTime(order.paidAt, locale)}</dd>
            {order.subscriptionId ? (
              <>
                <dt>{t("facts.subscription")}</dt>
                <dd>{order.subscriptionId}</dd>
              </>
            ) : null}
            {order.failureMessage ? (
              <>
                <dt>{t("facts.failure")}</dt>
                <dd>
                  {order.failureCode ? `${order.failureCode}: ` : ""}
                  <span lang="en">{order.failureMessage}</span>
                </dd>
              </>
            ) : null}
          </Facts>
        </Card>

        <Card aria-labelledby="actions-heading" className="space-y-4">
          <CardTitle id="actions-heading">{t("actions.heading")}</CardTitle>
          {showsRefundForm ? (
            <RefundForm
              isDisabled={!canRefund}
              isManual={isManualRefundProvider(order.provider)}
              fieldsKey={`${order.refundedMinor}-${order.refundPendingMinor}-${refunds.length}`}
              orderId={order.orderId}
              // A fresh key per render: once the page shows this refund, the next one is a new refund.
              idempotencyKey={randomUUID()}
              currency={order.currency}
              refundableText={money(refundable)}
            />
          ) : null}
          {canRefund ? null : (
            <p className="text-muted" data-testid="refund-unavailable">
              {t("actions.noRefund")}
            </p>
          )}
          {showsAuthorization ? (
            <AuthorizationActions orderId={order.orderId} isOpen={order.status === "AUTHORIZED"} />
          ) : null}
          {canVerify ? <VerifyButton orderId={order.orderId} /> : null}
        </Card>
      </div>

      {order.provider === "SINOPAC" ? (
        <SinoPacDetails order={order} tokens={detail.providerTokens} />
      ) : null}

      <PaymentRecordPanel orderId={order.orderId} />

      <SectionHeading>{t("refunds.heading")}</SectionHeading>
      {refunds.length === 0 ? (
        <p className="text-muted">{t("refunds.none")}</p>
      ) : (
        <DataTable
          dense
          caption={t("refunds.caption")}
          testId="order-refunds"
          rowTestId="order-refund-row"
          rows={refunds}
          rowKey={(refund) => refund.id}
          columns={[
            {
              key: "requested",
              header: t("refunds.requested"),
              cell: (refund) => formatDateTime(refund.createdAt, locale),
            },
            {
              key: "amount",
              header: t("refunds.amount"),
              isKey: true,
              align: "end",
              cell: (refund) => money(refund.amountMinor),
            },
            {
              key: "status",
              header: t("refunds.status"),
              isKey: true,
              wrap: true,
              cell: (refund) => (
                <>
                  <Badge tone={statusTone("refund", refund.status)}>
                    {t(`refundStatus.${refund.status}`)}
                  </Badge>
                  {refund.failureMessage ? ` — ${refund.failureMessage}` : ""}
                </>
              ),
            },
            {
              key: "reason",
              header: t("refunds.reason"),
              wrap: true,
              cell: (r) => storedReasonText(r, locale),
            },
            {
              key: "refundTransactionId",
              header: t("refunds.refundTransactionId"),
              cell: (refund) =>
                refund.recordedManually ? (
                  <span data-testid="refund-recorded-manually">
                    {t("refunds.recordedManually")}
                    {refund.portalReference
                      ? ` · ${t("refunds.portalReference", { reference: refund.portalReference })}`
                      : ""}
                  </span>
                ) : (
                  (refund.refundTransactionId ?? "—")
                ),
            },
          ]}
        />
      )}

      <SectionHeading id="payment-events">{t("events.heading")}</SectionHeading>
      {paymentEventPage.pageCount > 1 ? (
        <Pager aria-label={t("events.pages")} data-testid="payment-events-pager">
          <span>
            {t("events.range", {
              from: (paymentEventPage.page - 1) * paymentEventPage.pageSize + 1,
              to: (paymentEventPage.page - 1) * paymentEventPage.pageSize + paymentEvents.length,
              total: paymentEventPage.total,
            })}
          </span>{" "}
          {paymentEventPage.page > 1 ? (
            <Link href={eventsHref(paymentEventPage.page - 1)}>{t("events.earlier")}</Link>
          ) : null}{" "}
          {paymentEventPage.page < paymentEventPage.pageCount ? (
            <Link href={eventsHref(paymentEventPage.page + 1)}>{t("events.later")}</Link>
          ) : null}
        </Pager>
      ) : null}
      {paymentEvents.length === 0 ? (
        <p className="text-muted">{t("events.none")}</p>
      ) : (
        <Timeline data-testid="payment-events">
          {paymentEvents.map((event) => (
            <li
              key={event.id}
              className={timelineItemClass(OUTCOME_TONE[event.outcome])}
              data-testid="payment-event"
            >
              <strong>{event.endpoint}</strong> · {event.returnCode ?? event.httpStatus ?? "—"} ·{" "}
              {t(`outcome.${event.outcome}`)} · {event.latencyMs} ms ·{" "}
              <span className="text-muted">{formatDateTime(event.createdAt, locale)}</span>
              {/* The provider's own words, quoted as it sent them (not ours to translate). */}
              {event.returnMessage ? (
                <div>
                  {t("events.providerMessage", { provider: paymentProviderName(order.provider) })}{" "}
                  <q lang="en">{event.returnMessage}</q>
                </div>
              ) : null}
              {event.error ? <div className="text-danger">{event.error}</div> : null}
              <details className="mt-1">
                <summary className="cursor-pointer text-sm text-link">{t("events.raw")}</summary>
                <pre className="mt-2 overflow-x-auto rounded-control bg-subtle p-3 text-xs">{`${event.method} ${event.apiPath}\n${event.request}\n\n${event.response ?? ""}`}</pre>
              </details>
            </li>
          ))}
        </Timeline>
      )}

      <SectionHeading>{t("history.heading")}</SectionHeading>
      <Timeline>
        {statusChanges.map((change) => (
          <li key={change.id} className={timelineItemClass()}>
            {t(`status.${change.fromStatus}`)} → <strong>{t(`status.${change.toStatus}`)}</strong> ·{" "}
            {storedReasonText(change, locale)} ·{" "}
            <span className="text-muted">
              {change.actor} · {formatDateTime(change.createdAt, locale)}
            </span>
          </li>
        ))}
      </Timeline>

      <NoticesSection about={{ orderId: order.id }} />
      <SectionHeading>{t("audit.heading")}</SectionHeading>
      <AuditTable entries={audit} />
    </>
  );
}
