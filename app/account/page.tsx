// The shopper's VIP status and payment history (their own orders only).
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/money";
import { listOrdersForUser } from "@/lib/db/order-repository";
import { findPasswordHash } from "@/lib/db/user-repository";
import { findNoticePreferences } from "@/lib/db/notice-preferences-repository";
import { hasReachableEmail } from "@/lib/db/notice-channels";
import {
  listSubscriptionHistory,
  listSubscriptionsForUser,
} from "@/lib/db/subscription-repository";
import { findVipAccessUntil } from "@/lib/db/vip-status-repository";
import { listVipTimeline } from "@/lib/db/vip-timeline-repository";
import { getAppDeps } from "@/lib/server/app-deps";
import { formatDate, formatDateTime } from "@/lib/i18n/format-date";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { DataTable } from "../_components/data-table";
import { OrderStatusBadge } from "../_components/order-status-badge";
import { getPlanNames } from "../_components/plan-names";
import { EmailPreferences } from "./email-preferences";
import { PasswordForm } from "./password-form";
import { SubscriptionCard } from "./subscription-card";

const ORDERS_PER_PAGE = 10;
/** Periods shown per subscription until the shopper asks for all of them. */
const RECENT_PERIODS = 6;

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const ordersPage = pageIndexOf(query.orders);
  const showAllPeriods = query.periods === "all";
  const user = await requireUser("/account");
  const db = getAppDb();
  const now = (await getAppClock())();
  const { timeZone } = (await getAppDeps()).policy;
  const [
    { orders, hasMore: hasOlderOrders },
    vipEndsAt,
    timeline,
    subscriptions,
    locale,
    t,
    planNames,
    passwordHash,
  ] = await Promise.all([
    listOrdersForUser(db, user.id, { index: ordersPage, size: ORDERS_PER_PAGE }),
    findVipAccessUntil(db, user.id, now),
    listVipTimeline(db, user.id, now, timeZone),
    listSubscriptionsForUser(db, user.id),
    getLocale(),
    getTranslations("shop.account"),
    getPlanNames(),
    findPasswordHash(db, user.id),
  ]);
  const histories = await Promise.all(
    subscriptions.map((s) =>
      listSubscriptionHistory(db, s.id, showAllPeriods ? undefined : RECENT_PERIODS),
    ),
  );
  const noticePreferences = await findNoticePreferences(db, user.id);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">
        {t("signedInAs", {
          // A LINE account without an email has a placeholder address: show its LINE name.
          email: hasReachableEmail(user.email) ? user.email : `${user.name ?? ""} (LINE)`,
        })}
      </p>
      <section className="card" aria-labelledby="vip-heading">
        <h2 id="vip-heading">{t("vipHeading")}</h2>
        <p data-testid="account-vip-status">
          {vipEndsAt ? t("vipActiveUntil", { date: formatDate(vipEndsAt, locale) }) : t("notVip")}
        </p>
        {timeline.length > 0 ? (
          <ol aria-label={t("timelineCaption")} data-testid="vip-timeline">
            {timeline.map((entry) => (
              <li key={`${entry.kind}-${entry.startsAt.toISOString()}`} data-kind={entry.kind}>
                {t(`timeline.${entry.kind}`, {
                  plan: planNames.name(entry.plan),
                  number: entry.periodNumber ?? 0,
                  start: formatDate(entry.startsAt, locale),
                  end: formatDate(entry.endsAt, locale),
                  amount: formatMoney(entry.amountMinor, entry.currency, locale),
                })}
              </li>
            ))}
          </ol>
        ) : null}
      </section>
      {subscriptions.length > 0 ? (
        <section aria-labelledby="subscriptions-heading">
          <h2 id="subscriptions-heading">{t("subscriptions")}</h2>
          {subscriptions.map((subscription, i) => (
            <SubscriptionCard
              key={subscription.id}
              subscription={subscription}
              history={histories[i]?.periods ?? []}
              allPeriodsHref={
                histories[i]?.hasMore ? "/account?periods=all#subscriptions-heading" : null
              }
              now={now}
            />
          ))}
        </section>
      ) : null}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("paymentHistory")}</h2>
        {orders.length === 0 && ordersPage === 0 ? (
          <p>{t.rich("noOrders", { link: (text) => <Link href="/">{text}</Link> })}</p>
        ) : (
          <DataTable
            caption={t("ordersCaption")}
            rowTestId="order-row"
            rows={orders}
            rowKey={(order) => order.id}
            rowHref={(order) => `/orders/${encodeURIComponent(order.orderId)}`}
            columns={[
              { key: "order", header: t("columns.order"), cell: (order) => order.orderId },
              {
                key: "status",
                header: t("columns.status"),
                isKey: true,
                cell: (order) => <OrderStatusBadge order={order} />,
              },
              {
                key: "amount",
                header: t("columns.amount"),
                isKey: true,
                align: "end",
                cell: (order) => formatMoney(order.amountMinor, order.currency, locale),
              },
              {
                key: "plan",
                header: t("columns.plan"),
                hideBelow: "sm",
                cell: (order) => planNames.name(order.plan),
              },
              {
                key: "date",
                header: t("columns.date"),
                hideBelow: "sm",
                cell: (order) => formatDateTime(order.createdAt, locale),
              },
            ]}
          />
        )}
        <Pager
          newerHref={ordersPage > 0 ? ordersHref(ordersPage - 1) : null}
          olderHref={hasOlderOrders ? ordersHref(ordersPage + 1) : null}
          newerLabel={t("newerOrders")}
          olderLabel={t("olderOrders")}
        />
      </section>
      <EmailPreferences
        preferences={noticePreferences}
        needsChannel={query.notices === "needsChannel"}
      />
      {passwordHash ? (
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">{t("password.heading")}</h2>
          <p className="muted">{t("password.intro")}</p>
          <PasswordForm />
        </section>
      ) : null}
    </>
  );
}

function pageIndexOf(value: string | string[] | undefined): number {
  const page = Number(value);
  return Number.isInteger(page) && page > 0 && page < 10_000 ? page - 1 : 0;
}

const ordersHref = (index: number) =>
  `${index === 0 ? "/account" : `/account?orders=${index + 1}`}#history-heading`;

function Pager(props: {
  newerHref: string | null;
  olderHref: string | null;
  newerLabel: string;
  olderLabel: string;
}) {
  if (!props.newerHref && !props.olderHref) return null;
  return (
    <nav className="actions" aria-label={props.olderLabel} data-testid="orders-pager">
      {props.newerHref ? <Link href={props.newerHref}>← {props.newerLabel}</Link> : null}
      {props.olderHref ? <Link href={props.olderHref}>{props.olderLabel} →</Link> : null}
    </nav>
  );
}
