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

const COLORS = { primary: "#04803a", secondary: "#0b63c4", danger: "#b42318", warn: "#b54708" };

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
    <div className="grid-2">
      <ChartCard title={t("mrr")} id="mrr">
        <LineChart data={months.map((m) => ({ month: m.month, mrr: majorOf(m.mrrMinor) }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis />
          <Tooltip formatter={moneyTooltip} />
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
        <BarChart data={months}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar
            dataKey="activeSubscribers"
            name={t("active")}
            fill={COLORS.secondary}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartCard>
      <ChartCard title={t("newChurned")} id="churn">
        <BarChart data={months}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
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
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis domain={[0, 100]} unit="%" />
          <Tooltip />
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
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis />
          <Tooltip formatter={moneyTooltip} />
          <Legend />
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
    <section
      className="card"
      aria-labelledby={`chart-${id}`}
      style={wide ? { gridColumn: "1 / -1" } : undefined}
      data-testid={`chart-${id}`}
    >
      <h2 id={`chart-${id}`}>{title}</h2>
      <div role="img" aria-label={title} style={{ width: "100%", height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </section>
  );
}
