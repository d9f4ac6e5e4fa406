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
import { PageHeader, SectionHeading, StatCard, StatCards } from "../_components/admin-ui";

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
      <PageHeader title={t("title")}>
        {/* A segmented control: one link per currency, the current one marked. */}
        <nav
          aria-label={t("currency")}
          className="inline-flex rounded-control border border-line bg-surface p-1 shadow-xs"
        >
          {SUPPORTED_CURRENCIES.map((c) => (
            <Link
              key={c}
              href={`/admin/revenue?currency=${c}`}
              aria-current={c === currency ? "page" : undefined}
              className="rounded-[calc(var(--radius-control)-0.25rem)] px-3 py-1 text-sm font-semibold text-ink no-underline hover:bg-subtle aria-[current=page]:bg-brand aria-[current=page]:text-white"
            >
              {c}
            </Link>
          ))}
        </nav>
      </PageHeader>
      <StatCards className="md:grid-cols-3" data-testid="revenue-headline">
        <StatCard label={t("mrrNow")} tone="brand" testId="mrr-now">
          {money(current.mrrMinor)}
        </StatCard>
        <StatCard label={t("activeNow")} testId="active-now">
          {current.activeSubscribers.toLocaleString(locale)}
        </StatCard>
        <StatCard label={t("net30")} tone="success" testId="net-30">
          {money(thirtyDayNet)}
        </StatCard>
      </StatCards>
      <RevenueCharts currency={currency} months={monthly} renewals={renewals} days={daily} />

      <SectionHeading>{t("tableHeading")}</SectionHeading>
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
      <p className="text-sm text-muted">{t("definitions")}</p>
    </>
  );
}
