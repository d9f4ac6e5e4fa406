// One order's status, what it means for the shopper's money, and what they bought.
import Link from "next/link";
import type { ReactNode } from "react";
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
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { Card } from "./ui/card";
import { Fact, Facts } from "./ui/facts";

export async function OrderOutcome({
  order,
  isCardDeclined = false,
  children,
}: {
  order: OrderView;
  /** The shopper just came back from a declined card (SinoPac). */
  isCardDeclined?: boolean;
  /** What the page offers next (try again, checking again), right under the outcome. */
  children?: ReactNode;
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
    <section
      aria-labelledby="outcome-title"
      className="grid max-w-3xl grid-cols-[minmax(0,1fr)] gap-4"
    >
      <Alert tone={tone} role="status" className="my-0 px-5 py-4">
        <h1 id="outcome-title" className="mb-1 text-xl sm:text-2xl">
          {transferText
            ? transferText.title
            : card
              ? t(showDeclined ? "cardDeclinedTitle" : "cardPendingTitle")
              : tShop(explanation.titleKey)}
        </h1>
        <p className="my-0">
          {transferText
            ? transferText.message
            : card
              ? t(showDeclined ? "cardDeclinedMessage" : "cardPendingMessage")
              : tShop(explanation.messageKey)}
        </p>
        {declined ? (
          <form method="post" action="/api/sinopac/checkout" className="mt-3">
            <input type="hidden" name="planCode" value={order.plan.code} />
            <Button type="submit" data-testid="card-pay-again">
              {t("payByCardAgain")}
            </Button>
          </form>
        ) : card && order.paymentUrl ? (
          <p className="mt-3 mb-0">
            <Button asChild>
              <a href={order.paymentUrl} data-testid="card-pay-again">
                {t("payByCardAgain")}
              </a>
            </Button>
          </p>
        ) : null}
        {order.failureCode === CHARGE_NOT_APPLIED ? (
          <p className="mt-2 mb-0" data-testid="charge-not-applied">
            {t("chargeNotApplied")}
          </p>
        ) : null}
      </Alert>
      {children}
      {transfer && open ? <TransferDetails order={order} /> : null}
      <Card className="p-0">
        <Facts className="px-5 py-4" data-testid="order-summary">
          <Fact label={t("order")} testId="order-id">
            <span className="font-mono text-sm">{order.orderId}</span>
          </Fact>
          <Fact label={t("plan")}>{planNames.name(order.plan)}</Fact>
          <Fact label={t("amount")} testId="order-amount">
            <span className="font-semibold">
              {formatMoney(order.amountMinor, order.currency, locale)}
            </span>
          </Fact>
          <Fact label={t("status")}>
            <OrderStatusBadge order={order} testId="order-status" />
          </Fact>
          {order.transactionId ? (
            <Fact
              label={t(order.provider === "SINOPAC" ? "transactionSinoPac" : "transaction")}
              testId="transaction-id"
            >
              {order.transactionId}
            </Fact>
          ) : null}
          {order.entitlement ? (
            <Fact label={t("vipAccess")} testId="vip-window">
              {formatDate(order.entitlement.startsAt, locale)} →{" "}
              {formatDate(order.entitlement.endsAt, locale)}
            </Fact>
          ) : null}
          {period ? (
            <Fact label={t("periodPaid")} testId="period-window">
              {t("periodPaidValue", {
                number: period.periodIndex + 1,
                start: formatDate(period.startsAt, locale),
                end: formatDate(period.endsAt, locale),
              })}
            </Fact>
          ) : null}
          {order.kind !== "ONE_TIME" && order.status === "PAID" ? (
            <Fact label={t("subscription")} testId="subscription-note">
              {t.rich("subscriptionNote", { link: (text) => <Link href="/account">{text}</Link> })}
            </Fact>
          ) : null}
        </Facts>
      </Card>
      <p className="my-0 flex flex-wrap gap-x-4 gap-y-2">
        <Link href="/account">{t("seeAllOrders")}</Link>
        <Link href="/">{t("backToPlans")}</Link>
      </p>
    </section>
  );
}
