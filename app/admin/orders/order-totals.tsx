// Count and sums of the whole filtered set, per currency, and the CSV export of that set.
import { getLocale, getTranslations } from "next-intl/server";
import type { OrderFilters } from "@/lib/admin/order-filters";
import { summarizeAdminOrders } from "@/lib/db/order-totals";
import { getAppDb } from "@/lib/server/app-db";
import { formatAmount } from "../_components/format";
import { ExportCsvButton } from "./export-csv-button";
import { StatCard, StatCards } from "../_components/admin-ui";

export async function OrderTotals({ filters, query }: { filters: OrderFilters; query: string }) {
  const [t, locale] = [await getTranslations("admin.orders"), await getLocale()];
  const totals = await summarizeAdminOrders(getAppDb(), filters);
  return (
    <>
      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="sr-only">
          {t("totals.heading")}
        </h2>
        {totals.length === 0 ? (
          <p className="text-muted" data-testid="orders-total-count">
            {t("totals.none")}
          </p>
        ) : (
          totals.map((total) => (
            <StatCards key={total.currency} data-testid={`orders-totals-${total.currency}`}>
              <StatCard label={t("totals.count")}>
                <span data-testid="orders-total-count">{total.count.toLocaleString(locale)}</span>{" "}
                <span className="text-sm font-normal text-muted" data-testid="orders-paid-count">
                  ({t("totals.paidOrders", { count: total.paidCount.toLocaleString(locale) })})
                </span>
              </StatCard>
              <StatCard
                label={t("totals.paid", { currency: total.currency })}
                tone="success"
                testId="orders-total-paid"
              >
                {formatAmount(total.paidMinor, total.currency, locale)}
              </StatCard>
              <StatCard
                label={t("totals.refunded", { currency: total.currency })}
                tone="danger"
                testId="orders-total-refunded"
              >
                {formatAmount(total.refundedMinor, total.currency, locale)}
              </StatCard>
              <StatCard
                label={t("totals.net", { currency: total.currency })}
                tone="brand"
                testId="orders-total-net"
              >
                {formatAmount(total.netMinor, total.currency, locale)}
              </StatCard>
            </StatCards>
          ))
        )}
      </section>
      <ExportCsvButton query={query} total={totals.reduce((sum, x) => sum + x.count, 0)} />
    </>
  );
}
