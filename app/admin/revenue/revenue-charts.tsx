"use client";
// The dashboard's charts (recharts). Each chart has a text table beside it for screen readers and
// for anyone who wants the exact figures.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useLocale, useTranslations } from "next-intl";
import { currencyExponent, formatMoney } from "@/lib/billing/money";
import { Card, CardTitle } from "../../_components/ui/card";
import type {
  DailyRevenue,
  MonthlySubscriptionMetrics,
  RenewalSuccess,
} from "@/lib/billing/revenue-metrics";

interface Props {
  currency: string;
  months: MonthlySubscriptionMetrics[];
  renewals: RenewalSuccess[];
  days: DailyRevenue[];
}

// The brand tokens (lib/brand/theme.css): recharts draws SVG attributes, so CSS variables it is.
const COLORS = {
  primary: "var(--color-brand)",
  secondary: "var(--color-info)",
  danger: "var(--color-danger)",
  warn: "var(--color-warn)",
  grid: "var(--color-line)",
  axis: "var(--color-muted)",
};
const AXIS = { stroke: COLORS.axis, tick: { fill: COLORS.axis, fontSize: 12 } };
const TOOLTIP = {
  contentStyle: { borderRadius: 8, borderColor: "var(--color-line)", fontSize: 13 },
  cursor: { fill: "var(--color-subtle)" },
};

export function RevenueCharts({ currency, months, renewals, days }: Props) {
  const t = useTranslations("admin.revenue");
  const locale = useLocale();
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const scale = 10 ** currencyExponent(currency);
  const majorOf = (minor: number) => minor / scale;
  const moneyTooltip = (value: unknown) => money(Math.round(Number(value) * scale));
  const successRows = renewals.map((r) => ({
    ...r,
    percent: r.rate === null ? null : Math.round(r.rate * 1000) / 10,
  }));

  return (
    <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
      <ChartCard title={t("mrr")} id="mrr">
        <LineChart data={months.map((m) => ({ month: m.month, mrr: majorOf(m.mrrMinor) }))}>
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="month" {...AXIS} />
          <YAxis {...AXIS} width={56} />
          <Tooltip formatter={moneyTooltip} {...TOOLTIP} />
          <Line
            type="monotone"
            dataKey="mrr"
            name={t("mrr")}
            stroke={COLORS.primary}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ChartCard>
      <ChartCard title={t("active")} id="active">
        <BarChart data={months} barCategoryGap="20%">
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="month" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} width={40} />
          <Tooltip {...TOOLTIP} />
          <Bar
            dataKey="activeSubscribers"
            name={t("active")}
            fill={COLORS.secondary}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartCard>
      <ChartCard title={t("newChurned")} id="churn">
        <BarChart data={months} barCategoryGap="20%">
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="month" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} width={40} />
          <Tooltip {...TOOLTIP} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar
            dataKey="newSubscribers"
            name={t("new")}
            fill={COLORS.primary}
            isAnimationActive={false}
          />
          <Bar
            dataKey="churnedVoluntary"
            name={t("churnedVoluntary")}
            stackId="churn"
            fill={COLORS.warn}
            isAnimationActive={false}
          />
          <Bar
            dataKey="churnedFailedPayment"
            name={t("churnedFailed")}
            stackId="churn"
            fill={COLORS.danger}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartCard>
      <ChartCard title={t("successRate")} id="success">
        <LineChart data={successRows}>
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="month" {...AXIS} />
          <YAxis domain={[0, 100]} unit="%" {...AXIS} width={48} />
          <Tooltip {...TOOLTIP} />
          <Line
            type="monotone"
            dataKey="percent"
            name={t("successRate")}
            stroke={COLORS.secondary}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ChartCard>
      <ChartCard title={t("perDay")} id="daily" wide>
        <BarChart
          data={days.map((d) => ({
            day: d.day.slice(5),
            net: majorOf(d.netMinor),
            refunded: majorOf(d.refundedMinor),
          }))}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="day" {...AXIS} />
          <YAxis {...AXIS} width={56} />
          <Tooltip formatter={moneyTooltip} {...TOOLTIP} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="net" name={t("net")} fill={COLORS.primary} isAnimationActive={false} />
          <Bar
            dataKey="refunded"
            name={t("refunded")}
            fill={COLORS.danger}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartCard>
    </div>
  );
}

function ChartCard({
  title,
  id,
  wide,
  children,
}: {
  title: string;
  id: string;
  wide?: boolean;
  children: React.ReactElement;
}) {
  return (
    <Card
      aria-labelledby={`chart-${id}`}
      className={wide ? "lg:col-span-2" : undefined}
      data-testid={`chart-${id}`}
    >
      <CardTitle id={`chart-${id}`} className="text-base">
        {title}
      </CardTitle>
      <div role="img" aria-label={title} className="h-60 w-full">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
