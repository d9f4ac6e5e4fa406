// The orders filter form: a plain GET form, so the view lives in the URL and works without script.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import {
  localDate,
  ORDER_METHODS,
  ORDER_SORTS,
  ORDER_TYPES,
  PAGE_SIZES,
  type OrderFilters,
} from "@/lib/admin/order-filters";
import { SUPPORTED_CURRENCIES } from "@/lib/billing/money";
import { ORDER_STATUSES } from "@/lib/billing/order-status";
import { BUSINESS_TIME_ZONE } from "../_components/format";

const DAY_MS = 86_400_000;

export async function OrderFiltersForm({ filters }: { filters: OrderFilters }) {
  const t = await getTranslations("admin.orders");
  return (
    <form
      method="get"
      action="/admin/orders"
      className="filters"
      role="search"
      aria-label={t("filters.label")}
    >
      <label>
        {t("filters.search")}
        <input
          type="search"
          name="q"
          defaultValue={filters.q ?? ""}
          placeholder={t("filters.searchPlaceholder")}
          maxLength={200}
        />
      </label>
      <label>
        {t("filters.status")}
        <select
          name="status"
          defaultValue={filters.statuses.length === 1 ? filters.statuses[0] : ""}
        >
          <option value="">{t("filters.any")}</option>
          {ORDER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filters.type")}
        <select name="type" defaultValue={filters.type ?? ""}>
          <option value="">{t("filters.any")}</option>
          {Object.keys(ORDER_TYPES).map((type) => (
            <option key={type} value={type}>
              {t(`type.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filters.method")}
        <select name="method" defaultValue={filters.method ?? ""}>
          <option value="">{t("filters.any")}</option>
          {ORDER_METHODS.map((method) => (
            <option key={method} value={method}>
              {t(`method.${method}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filters.currency")}
        <select name="currency" defaultValue={filters.currency ?? ""}>
          <option value="">{t("filters.any")}</option>
          {SUPPORTED_CURRENCIES.map((currency) => (
            <option key={currency} value={currency}>
              {currency}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filters.from")}
        <input
          type="date"
          name="from"
          defaultValue={filters.from ? localDate(filters.from, BUSINESS_TIME_ZONE) : ""}
        />
      </label>
      <label>
        {t("filters.to")}
        <input
          type="date"
          name="to"
          defaultValue={
            filters.to ? localDate(new Date(filters.to.getTime() - DAY_MS), BUSINESS_TIME_ZONE) : ""
          }
        />
      </label>
      <label>
        {t("filters.min")}
        <input
          type="text"
          inputMode="decimal"
          name="min"
          defaultValue={filters.minAmount ?? ""}
          pattern="\d{1,12}(\.\d{1,2})?"
        />
      </label>
      <label>
        {t("filters.max")}
        <input
          type="text"
          inputMode="decimal"
          name="max"
          defaultValue={filters.maxAmount ?? ""}
          pattern="\d{1,12}(\.\d{1,2})?"
        />
      </label>
      <label>
        {t("filters.sort")}
        <select name="sort" defaultValue={filters.sort}>
          {ORDER_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`sort.${sort}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filters.size")}
        <select name="size" defaultValue={String(filters.size)}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="toolbar">
        <button type="submit">{t("filters.apply")}</button>
        <Link href="/admin/orders">{t("filters.reset")}</Link>
      </div>
    </form>
  );
}
