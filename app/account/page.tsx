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
import { Badge } from "../_components/ui/badge";
import { Button } from "../_components/ui/button";
import { Card, CardDescription, CardTitle } from "../_components/ui/card";
import { cn } from "../_components/ui/cn";
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
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <header>
        <h1 className="mb-1">{t("title")}</h1>
        <p className="m-0 text-muted">
          {t("signedInAs", {
            // A LINE account without an email has a placeholder address: show its LINE name.
            email: hasReachableEmail(user.email) ? user.email : `${user.name ?? ""} (LINE)`,
          })}
        </p>
      </header>
      <Card aria-labelledby="vip-heading">
        <CardTitle id="vip-heading">{t("vipHeading")}</CardTitle>
        <p className="my-0 flex flex-wrap items-center gap-2" data-testid="account-vip-status">
          <Badge tone={vipEndsAt ? "success" : "neutral"}>
            {vipEndsAt ? t("vipActiveUntil", { date: formatDate(vipEndsAt, locale) }) : t("notVip")}
          </Badge>
        </p>
        {timeline.length > 0 ? (
          <ol
            aria-label={t("timelineCaption")}
            data-testid="vip-timeline"
            className="mt-4 mb-0 ml-1.5 list-none border-l-2 border-line pl-0"
          >
            {timeline.map((entry) => (
              <li
                key={`${entry.kind}-${entry.startsAt.toISOString()}`}
                data-kind={entry.kind}
                className={cn(
                  "relative py-1.5 pl-5 before:absolute before:top-3 before:-left-[7px] before:size-3 before:rounded-full before:border-2 before:border-surface",
                  entry.kind === "next-period" ? "text-muted before:bg-line" : "before:bg-brand",
                )}
              >
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
      </Card>
      {subscriptions.length > 0 ? (
        <section
          aria-labelledby="subscriptions-heading"
          className="grid grid-cols-[minmax(0,1fr)] gap-4"
        >
          <h2 id="subscriptions-heading" className="my-0 scroll-mt-4">
            {t("subscriptions")}
          </h2>
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
        <h2 id="history-heading" className="mt-0 scroll-mt-4">
          {t("paymentHistory")}
        </h2>
        {orders.length === 0 && ordersPage === 0 ? (
          <Card>
            <p className="my-0">
              {t.rich("noOrders", { link: (text) => <Link href="/">{text}</Link> })}
            </p>
          </Card>
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
        <Card aria-labelledby="password-heading">
          <CardTitle id="password-heading">{t("password.heading")}</CardTitle>
          <CardDescription>{t("password.intro")}</CardDescription>
          <PasswordForm />
        </Card>
      ) : null}
    </div>
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
    <nav
      className="mt-3 flex flex-wrap items-center gap-2"
      aria-label={props.olderLabel}
      data-testid="orders-pager"
    >
      {props.newerHref ? (
        <Button asChild variant="outline" size="sm">
          <Link href={props.newerHref}>← {props.newerLabel}</Link>
        </Button>
      ) : null}
      {props.olderHref ? (
        <Button asChild variant="outline" size="sm">
          <Link href={props.olderHref}>{props.olderLabel} →</Link>
        </Button>
      ) : null}
    </nav>
  );
}
