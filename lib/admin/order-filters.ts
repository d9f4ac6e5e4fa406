// The admin orders view as URL parameters, so a filtered view can be bookmarked and shared. Bad
// values never fail the page: each is dropped and reported back as a readable problem.
import { z } from "zod";
import { startOfLocalDay } from "@/lib/billing/billing-period";
import { SUPPORTED_CURRENCIES } from "@/lib/billing/money";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/billing/order-status";
import {
  ORDER_METHODS,
  ORDER_SORTS,
  ORDER_TYPES,
  type OrderFilters,
  type OrderMethod,
  type OrderSort,
  type OrderType,
} from "@/lib/db/admin-order-filters";

// The filter shape is what the admin order queries take, so it lives beside them in lib/db.
export {
  ORDER_METHODS,
  ORDER_SORTS,
  ORDER_TYPES,
  type OrderFilters,
  type OrderMethod,
  type OrderSort,
  type OrderType,
};

export const PAGE_SIZES = [25, 50, 100, 200] as const;

export const DEFAULT_ORDER_FILTERS: OrderFilters = {
  statuses: [],
  type: null,
  method: null,
  currency: null,
  from: null,
  to: null,
  minAmount: null,
  maxAmount: null,
  q: null,
  sort: "newest",
  size: 50,
};

export type SearchParams = Record<string, string | string[] | undefined>;

const amountSchema = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, "an amount like 300 or 19.99");
// Years 1970-2999 only: "0000-01-01" or "9999-12-31" would become instants the database drivers
// cannot write into a query, and no order is that old or that far ahead.
const dateSchema = z.string().regex(/^(19[7-9]\d|2\d{3})-\d{2}-\d{2}$/, "a date like 2026-11-22");
const DAY_MS = 86_400_000;

function first(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}

function all(params: SearchParams, key: string): string[] {
  const value = params[key];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

export interface ParsedOrderFilters {
  filters: OrderFilters;
  problems: string[];
}

export function parseOrderFilters(params: SearchParams, timeZone: string): ParsedOrderFilters {
  const problems: string[] = [];
  const filters: OrderFilters = { ...DEFAULT_ORDER_FILTERS, statuses: [] };

  for (const status of all(params, "status")) {
    if ((ORDER_STATUSES as readonly string[]).includes(status))
      filters.statuses.push(status as OrderStatus);
    else problems.push(`Unknown status "${status}" was ignored.`);
  }
  const type = first(params, "type");
  if (type !== undefined) {
    if (type in ORDER_TYPES) filters.type = type as OrderType;
    else problems.push(`Unknown order type "${type}" was ignored.`);
  }
  const method = first(params, "method");
  if (method !== undefined) {
    if ((ORDER_METHODS as readonly string[]).includes(method))
      filters.method = method as OrderMethod;
    else problems.push(`Unknown payment method "${method}" was ignored.`);
  }
  const currency = first(params, "currency")?.toUpperCase();
  if (currency !== undefined) {
    if (SUPPORTED_CURRENCIES.includes(currency)) filters.currency = currency;
    else problems.push(`Unsupported currency "${currency}" was ignored.`);
  }
  for (const key of ["from", "to"] as const) {
    const text = first(params, key);
    if (text === undefined) continue;
    try {
      const day = startOfLocalDay(dateSchema.parse(text), timeZone);
      // "to" is inclusive for people: orders on that whole day count.
      filters[key] = key === "to" ? new Date(day.getTime() + DAY_MS) : day;
    } catch {
      problems.push(`"${key}" must be a date like 2026-11-22; it was ignored.`);
    }
  }
  if (filters.from && filters.to && filters.from >= filters.to) {
    problems.push(`The date range ends before it starts; it was ignored.`);
    filters.from = filters.to = null;
  }
  for (const [key, field] of [
    ["min", "minAmount"],
    ["max", "maxAmount"],
  ] as const) {
    const text = first(params, key);
    if (text === undefined) continue;
    if (amountSchema.safeParse(text).success) filters[field] = text;
    else problems.push(`"${key}" must be an amount like 300 or 19.99; it was ignored.`);
  }
  if (
    filters.minAmount !== null &&
    filters.maxAmount !== null &&
    Number(filters.minAmount) > Number(filters.maxAmount)
  ) {
    problems.push("The amount range's minimum is above its maximum; it was ignored.");
    filters.minAmount = filters.maxAmount = null;
  }
  const q = first(params, "q");
  if (q !== undefined) {
    if (q.length <= 200) filters.q = q;
    else problems.push("The search text is too long (200 characters at most); it was ignored.");
  }
  const sort = first(params, "sort");
  if (sort !== undefined) {
    if ((ORDER_SORTS as readonly string[]).includes(sort)) filters.sort = sort as OrderSort;
    else problems.push(`Unknown sort "${sort}" was ignored.`);
  }
  const size = first(params, "size");
  if (size !== undefined) {
    if ((PAGE_SIZES as readonly number[]).includes(Number(size))) filters.size = Number(size);
    else problems.push(`Page size must be one of ${PAGE_SIZES.join(", ")}; it was ignored.`);
  }
  return { filters, problems };
}

/** Back to URL parameters (for links that keep the view), leaving out defaults. */
export function orderFiltersToParams(filters: OrderFilters, timeZone: string): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.statuses.length) params.set("status", filters.statuses.join(","));
  if (filters.type) params.set("type", filters.type);
  if (filters.method) params.set("method", filters.method);
  if (filters.currency) params.set("currency", filters.currency);
  if (filters.from) params.set("from", localDate(filters.from, timeZone));
  if (filters.to) params.set("to", localDate(new Date(filters.to.getTime() - DAY_MS), timeZone));
  if (filters.minAmount) params.set("min", filters.minAmount);
  if (filters.maxAmount) params.set("max", filters.maxAmount);
  if (filters.q) params.set("q", filters.q);
  if (filters.sort !== DEFAULT_ORDER_FILTERS.sort) params.set("sort", filters.sort);
  if (filters.size !== DEFAULT_ORDER_FILTERS.size) params.set("size", String(filters.size));
  return params;
}

/** "2026-11-22" for an instant, in the business zone (en-CA formats dates as YYYY-MM-DD). */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}
