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
import { FilterActions, filterGridClass } from "../_components/admin-ui";
import { Button } from "../../_components/ui/button";
import { Field, Input, Select } from "../../_components/ui/field";

const DAY_MS = 86_400_000;

export async function OrderFiltersForm({ filters }: { filters: OrderFilters }) {
  const t = await getTranslations("admin.orders");
  return (
    <form
      method="get"
      action="/admin/orders"
      className={filterGridClass}
      role="search"
      aria-label={t("filters.label")}
    >
      <Field>
        {t("filters.search")}
        <Input
          type="search"
          name="q"
          defaultValue={filters.q ?? ""}
          placeholder={t("filters.searchPlaceholder")}
          maxLength={200}
        />
      </Field>
      <Field>
        {t("filters.status")}
        <Select
          name="status"
          defaultValue={filters.statuses.length === 1 ? filters.statuses[0] : ""}
        >
          <option value="">{t("filters.any")}</option>
          {ORDER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        {t("filters.type")}
        <Select name="type" defaultValue={filters.type ?? ""}>
          <option value="">{t("filters.any")}</option>
          {Object.keys(ORDER_TYPES).map((type) => (
            <option key={type} value={type}>
              {t(`type.${type}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        {t("filters.method")}
        <Select name="method" defaultValue={filters.method ?? ""}>
          <option value="">{t("filters.any")}</option>
          {ORDER_METHODS.map((method) => (
            <option key={method} value={method}>
              {t(`method.${method}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        {t("filters.currency")}
        <Select name="currency" defaultValue={filters.currency ?? ""}>
          <option value="">{t("filters.any")}</option>
          {SUPPORTED_CURRENCIES.map((currency) => (
            <option key={currency} value={currency}>
              {currency}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        {t("filters.from")}
        <Input
          type="date"
          name="from"
          defaultValue={filters.from ? localDate(filters.from, BUSINESS_TIME_ZONE) : ""}
        />
      </Field>
      <Field>
        {t("filters.to")}
        <Input
          type="date"
          name="to"
          defaultValue={
            filters.to ? localDate(new Date(filters.to.getTime() - DAY_MS), BUSINESS_TIME_ZONE) : ""
          }
        />
      </Field>
      <Field>
        {t("filters.min")}
        <Input
          type="text"
          inputMode="decimal"
          name="min"
          defaultValue={filters.minAmount ?? ""}
          pattern="\d{1,12}(\.\d{1,2})?"
        />
      </Field>
      <Field>
        {t("filters.max")}
        <Input
          type="text"
          inputMode="decimal"
          name="max"
          defaultValue={filters.maxAmount ?? ""}
          pattern="\d{1,12}(\.\d{1,2})?"
        />
      </Field>
      <Field>
        {t("filters.sort")}
        <Select name="sort" defaultValue={filters.sort}>
          {ORDER_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`sort.${sort}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        {t("filters.size")}
        <Select name="size" defaultValue={String(filters.size)}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </Select>
      </Field>
      <FilterActions>
        <Button type="submit">{t("filters.apply")}</Button>
        <Button asChild variant="ghost">
          <Link href="/admin/orders">{t("filters.reset")}</Link>
        </Button>
      </FilterActions>
    </form>
  );
}
