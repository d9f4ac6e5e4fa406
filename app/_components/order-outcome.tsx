// One order's status, what it means for the shopper's money, and what they bought.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { explainOrderStatus } from "@/lib/billing/explain-order-status";
import { formatMoney } from "@/lib/billing/money";
import { CHARGE_NOT_APPLIED } from "@/lib/billing/order-purchase";
import { isDeclinedCardOrder } from "@/lib/checkout/decline-card-order";
import type { OrderView } from "@/lib/db/order-repository";
import { formatDate } from "@/lib/i18n/format-date";
import { findPeriodPaidByOrder } from "@/lib/db/vip-timeline-repository";
import { getAppDb } from "@/lib/server/app-db";
import { OrderStatusBadge } from "./order-status-badge";
import { getPlanNames } from "./plan-names";
import { TransferDetails } from "./transfer-details";

export async function OrderOutcome({
  order,
  isCardDeclined = false,
}: {
  order: OrderView;
  /** The shopper just came back from a declined card (SinoPac). */
  isCardDeclined?: boolean;
}) {
  const [locale, t, tShop, planNames, period] = await Promise.all([
    getLocale(),
    getTranslations("shop.orderOutcome"),
    getTranslations("shop"),
    getPlanNames(),
    order.kind === "ONE_TIME" ? null : findPeriodPaidByOrder(getAppDb(), order),
  ]);
  const explanation = explainOrderStatus(order.status);
  // An open card order waits for the bank's card page, a transfer order for the transfer, not LINE Pay.
  const transfer = order.provider === "SINOPAC" && order.providerAccount !== null;
  const open = order.status === "PENDING";
  // A declined card ends the order FAILED; trying again is a new purchase of the same plan.
  const declined = isDeclinedCardOrder(order);
  const card = order.provider === "SINOPAC" && (open || declined) && !transfer;
  const showDeclined = declined || (card && isCardDeclined);
  const tone = showDeclined ? "danger" : explanation.tone;
  const transferText =
    transfer && open
      ? { title: t("transferPendingTitle"), message: t("transferPendingMessage") }
      : transfer && order.status === "EXPIRED"
        ? { title: t("transferExpiredTitle"), message: t("transferExpiredMessage") }
        : null;
  return (
    <section aria-labelledby="outcome-title">
      <div className={`notice ${tone}`} role="status">
        <h1 id="outcome-title">
          {transferText
            ? transferText.title
            : card
              ? t(showDeclined ? "cardDeclinedTitle" : "cardPendingTitle")
              : tShop(explanation.titleKey)}
        </h1>
        <p>
          {transferText
            ? transferText.message
            : card
              ? t(showDeclined ? "cardDeclinedMessage" : "cardPendingMessage")
              : tShop(explanation.messageKey)}
        </p>
        {declined ? (
          <form method="post" action="/api/sinopac/checkout">
            <input type="hidden" name="planCode" value={order.plan.code} />
            <button type="submit" data-testid="card-pay-again">
              {t("payByCardAgain")}
            </button>
          </form>
        ) : card && order.paymentUrl ? (
          <p>
            <a className="button" href={order.paymentUrl} data-testid="card-pay-again">
              {t("payByCardAgain")}
            </a>
          </p>
        ) : null}
        {order.failureCode === CHARGE_NOT_APPLIED ? (
          <p data-testid="charge-not-applied">{t("chargeNotApplied")}</p>
        ) : null}
      </div>
      {transfer && open ? <TransferDetails order={order} /> : null}
      <dl className="card" data-testid="order-summary">
        <dt>{t("order")}</dt>
        <dd data-testid="order-id">{order.orderId}</dd>
        <dt>{t("plan")}</dt>
        <dd>{planNames.name(order.plan)}</dd>
        <dt>{t("amount")}</dt>
        <dd data-testid="order-amount">{formatMoney(order.amountMinor, order.currency, locale)}</dd>
        <dt>{t("status")}</dt>
        <dd>
          <OrderStatusBadge order={order} testId="order-status" />
        </dd>
        {order.transactionId ? (
          <>
            <dt>{t(order.provider === "SINOPAC" ? "transactionSinoPac" : "transaction")}</dt>
            <dd data-testid="transaction-id">{order.transactionId}</dd>
          </>
        ) : null}
        {order.entitlement ? (
          <>
            <dt>{t("vipAccess")}</dt>
            <dd data-testid="vip-window">
              {formatDate(order.entitlement.startsAt, locale)} →{" "}
              {formatDate(order.entitlement.endsAt, locale)}
            </dd>
          </>
        ) : null}
        {period ? (
          <>
            <dt>{t("periodPaid")}</dt>
            <dd data-testid="period-window">
              {t("periodPaidValue", {
                number: period.periodIndex + 1,
                start: formatDate(period.startsAt, locale),
                end: formatDate(period.endsAt, locale),
              })}
            </dd>
          </>
        ) : null}
        {order.kind !== "ONE_TIME" && order.status === "PAID" ? (
          <>
            <dt>{t("subscription")}</dt>
            <dd data-testid="subscription-note">
              {t.rich("subscriptionNote", { link: (text) => <Link href="/account">{text}</Link> })}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <Link href="/account">{t("seeAllOrders")}</Link> · <Link href="/">{t("backToPlans")}</Link>
      </p>
    </section>
  );
}
