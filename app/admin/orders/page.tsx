// /admin/orders: every order, filtered and searched from the URL (shareable), keyset-paged, with
// totals for the whole filtered set and a CSV export of it.
import { Suspense } from "react";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/auth/session";
import { decodeOrderCursor } from "@/lib/db/order-cursor";
import {
  orderFiltersToParams,
  parseOrderFilters,
  type SearchParams,
} from "@/lib/admin/order-filters";
import { listAdminOrders } from "@/lib/db/admin-order-query";
import { getAppDb } from "@/lib/server/app-db";
import { BUSINESS_TIME_ZONE, formatAmount, formatDateTime } from "../_components/format";
import { OrderFiltersForm } from "./order-filters-form";
import { OrderTotals } from "./order-totals";
import { HealthGlance } from "../_components/health-glance";
import { DataTable } from "../../_components/data-table";
import { Alert } from "../../_components/ui/alert";
import { Badge } from "../../_components/ui/badge";
import { PageHeader, Pager } from "../_components/admin-ui";
import { statusTone } from "../../_components/status-tone";
import { getPlanNames } from "../../_components/plan-names";

export default async function AdminOrdersPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  await requireAdmin("/admin/orders");
  const [t, planNames, locale] = [
    await getTranslations("admin.orders"),
    await getPlanNames(),
    await getLocale(),
  ];
  const db = getAppDb();
  const { filters, problems } = parseOrderFilters(params, BUSINESS_TIME_ZONE);
  const single = (key: string) => (Array.isArray(params[key]) ? params[key][0] : params[key]);
  const after = decodeOrderCursor(single("after"), filters.sort);
  const before = after ? null : decodeOrderCursor(single("before"), filters.sort);
  const page = await listAdminOrders(db, filters, { after, before });
  const viewParams = orderFiltersToParams(filters, BUSINESS_TIME_ZONE);
  const pageLink = (key: "after" | "before", cursor: string) => {
    const next = new URLSearchParams(viewParams);
    next.set(key, cursor);
    return `/admin/orders?${next}`;
  };

  return (
    <>
      <PageHeader title={t("title")} />
      <HealthGlance />
      <OrderFiltersForm filters={filters} />
      {problems.length > 0 ? (
        <Alert role="alert" tone="warn">
          <ul className="my-0">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {/* Totals scan the whole filtered set (hundreds of ms at a million orders): streamed in after the list. */}
      <Suspense
        fallback={
          <p className="text-muted" role="status">
            {t("totals.loading")}
          </p>
        }
      >
        <OrderTotals filters={filters} query={viewParams.toString()} />
      </Suspense>

      <DataTable
        dense
        caption={t("table.caption")}
        testId="admin-orders"
        rowTestId="admin-order-row"
        rows={page.rows}
        rowKey={(row) => row.id}
        empty={t("table.empty")}
        columns={[
          {
            key: "order",
            header: t("table.order"),
            cell: (row) => (
              <>
                <Link
                  href={`/admin/orders/${encodeURIComponent(row.orderId)}`}
                  className="font-medium"
                >
                  {row.orderId}
                </Link>
                {/* When and what kind, under the id; the transaction id is on the order's page. */}
                <div className="text-xs text-muted">
                  {formatDateTime(row.createdAt, locale)} · {t(`kind.${row.kind}`)}
                </div>
              </>
            ),
          },
          {
            key: "status",
            header: t("table.status"),
            isKey: true,
            cell: (row) => (
              <Badge tone={statusTone("order", row.status)} data-testid="admin-order-status">
                {t(`status.${row.status}`)}
              </Badge>
            ),
          },
          {
            key: "amount",
            header: t("table.amount"),
            isKey: true,
            align: "end",
            cell: (row) => formatAmount(row.amountMinor, row.currency, locale),
          },
          {
            key: "refunded",
            header: t("table.refunded"),
            align: "end",
            hideBelow: "md",
            cell: (row) =>
              row.refundedMinor ? formatAmount(row.refundedMinor, row.currency, locale) : "—",
          },
          {
            key: "shopper",
            header: t("table.shopper"),
            wrap: true,
            hideBelow: "sm",
            cell: (row) => row.userEmail,
          },
          {
            key: "plan",
            header: t("table.plan"),
            wrap: true,
            hideBelow: "lg",
            cell: (row) => planNames.name({ code: row.planCode, name: row.planName }),
          },
        ]}
      />
      <Pager aria-label={t("pager.label")}>
        {page.prevCursor ? (
          <Link href={pageLink("before", page.prevCursor)}>{t("pager.previous")}</Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link href={pageLink("after", page.nextCursor)}>{t("pager.next")}</Link>
        ) : (
          <span />
        )}
      </Pager>
    </>
  );
}
