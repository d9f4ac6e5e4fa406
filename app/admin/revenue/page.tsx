// /admin/revenue: MRR, active subscribers, new and churned subscribers per month, renewal success
// rate, and revenue per day, for one currency. Definitions: lib/billing/revenue-metrics.ts.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import { SUPPORTED_CURRENCIES } from "@/lib/billing/money";
import { dayBuckets, monthBuckets } from "@/lib/billing/revenue-metrics";
import { loadRevenueFigures } from "@/lib/db/revenue-repository";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { BUSINESS_TIME_ZONE, formatAmount } from "../_components/format";
import { RevenueCharts } from "./revenue-charts";
import { DataTable } from "../../_components/data-table";

const MONTHS = 12;
const DAYS = 30;

export default async function RevenuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/revenue");
  const [t, locale] = [await getTranslations("admin.revenue"), await getLocale()];
  // ?currency=a&currency=b arrives as an array: read the first, like every other admin filter.
  const raw = (await searchParams).currency;
  const requested = (Array.isArray(raw) ? raw[0] : raw)?.toUpperCase();
  const currency = requested && SUPPORTED_CURRENCIES.includes(requested) ? requested : "TWD";
  const now = (await getAppClock())();
  const months = monthBuckets(now, MONTHS, BUSINESS_TIME_ZONE);
  const days = dayBuckets(now, DAYS, BUSINESS_TIME_ZONE);
  const { monthly, renewals, daily } = await loadRevenueFigures(getAppDb(), {
    currency,
    months,
    days,
    now,
  });
  const current = monthly.at(-1)!;
  const money = (minor: number) => formatAmount(minor, currency, locale);
  const thirtyDayNet = daily.reduce((sum, d) => sum + d.netMinor, 0);

  return (
    <>
      <h1>{t("title")}</h1>
      <nav className="toolbar" aria-label={t("currency")}>
        {SUPPORTED_CURRENCIES.map((c) => (
          <Link
            key={c}
            href={`/admin/revenue?currency=${c}`}
            aria-current={c === currency ? "page" : undefined}
          >
            {c}
          </Link>
        ))}
      </nav>
      <dl className="totals" data-testid="revenue-headline">
        <div>
          <dt>{t("mrrNow")}</dt>
          <dd data-testid="mrr-now">{money(current.mrrMinor)}</dd>
        </div>
        <div>
          <dt>{t("activeNow")}</dt>
          <dd data-testid="active-now">{current.activeSubscribers.toLocaleString(locale)}</dd>
        </div>
        <div>
          <dt>{t("net30")}</dt>
          <dd data-testid="net-30">{money(thirtyDayNet)}</dd>
        </div>
      </dl>
      <RevenueCharts currency={currency} months={monthly} renewals={renewals} days={daily} />

      <h2>{t("tableHeading")}</h2>
      <DataTable
        dense
        caption={t("tableCaption")}
        testId="revenue-months"
        rows={monthly.map((month, i) => ({ ...month, renewal: renewals[i] }))}
        rowKey={(m) => m.month}
        columns={[
          { key: "month", header: t("month"), rowHeader: true, cell: (m) => m.month },
          {
            key: "mrr",
            header: t("mrr"),
            isKey: true,
            align: "end",
            cell: (m) => money(m.mrrMinor),
          },
          { key: "active", header: t("active"), align: "end", cell: (m) => m.activeSubscribers },
          { key: "new", header: t("new"), align: "end", cell: (m) => m.newSubscribers },
          {
            key: "churnedVoluntary",
            header: t("churnedVoluntary"),
            align: "end",
            cell: (m) => m.churnedVoluntary,
          },
          {
            key: "churnedFailed",
            header: t("churnedFailed"),
            align: "end",
            cell: (m) => m.churnedFailedPayment,
          },
          {
            key: "successRate",
            header: t("successRate"),
            align: "end",
            cell: ({ renewal }) =>
              renewal?.rate == null
                ? "—"
                : `${(renewal.rate * 100).toFixed(1)}% (${renewal.charged}/${renewal.charged + renewal.failed})`,
          },
        ]}
      />
      <p className="muted">{t("definitions")}</p>
    </>
  );
}
