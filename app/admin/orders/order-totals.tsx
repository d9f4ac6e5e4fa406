// Count and sums of the whole filtered set, per currency, and the CSV export of that set.
import { getLocale, getTranslations } from "next-intl/server";
import type { OrderFilters } from "@/lib/admin/order-filters";
import { summarizeAdminOrders } from "@/lib/db/order-totals";
import { getAppDb } from "@/lib/server/app-db";
import { formatAmount } from "../_components/format";
import { ExportCsvButton } from "./export-csv-button";

export async function OrderTotals({ filters, query }: { filters: OrderFilters; query: string }) {
  const [t, locale] = [await getTranslations("admin.orders"), await getLocale()];
  const totals = await summarizeAdminOrders(getAppDb(), filters);
  return (
    <>
      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="visually-hidden">
          {t("totals.heading")}
        </h2>
        {totals.length === 0 ? (
          <p data-testid="orders-total-count">{t("totals.none")}</p>
        ) : (
          totals.map((total) => (
            <dl
              key={total.currency}
              className="totals"
              data-testid={`orders-totals-${total.currency}`}
            >
              <div>
                <dt>{t("totals.count")}</dt>
                <dd>
                  <span data-testid="orders-total-count">{total.count.toLocaleString(locale)}</span>{" "}
                  <span className="muted" data-testid="orders-paid-count">
                    ({t("totals.paidOrders", { count: total.paidCount.toLocaleString(locale) })})
                  </span>
                </dd>
              </div>
              <div>
                <dt>{t("totals.paid", { currency: total.currency })}</dt>
                <dd data-testid="orders-total-paid">
                  {formatAmount(total.paidMinor, total.currency, locale)}
                </dd>
              </div>
              <div>
                <dt>{t("totals.refunded", { currency: total.currency })}</dt>
                <dd data-testid="orders-total-refunded">
                  {formatAmount(total.refundedMinor, total.currency, locale)}
                </dd>
              </div>
              <div>
                <dt>{t("totals.net", { currency: total.currency })}</dt>
                <dd data-testid="orders-total-net">
                  {formatAmount(total.netMinor, total.currency, locale)}
                </dd>
              </div>
            </dl>
          ))
        )}
      </section>
      <div className="toolbar">
        <ExportCsvButton query={query} total={totals.reduce((sum, x) => sum + x.count, 0)} />
      </div>
    </>
  );
}
