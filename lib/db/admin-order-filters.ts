// The filter shape the admin order queries take (lib/db/admin-order-query.ts and the Postgres
// export). Reading it from URL parameters is lib/admin/order-filters.ts.
import type { OrderStatus } from "@/lib/billing/order-status";

export const ORDER_SORTS = ["newest", "oldest", "amount_desc", "amount_asc"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

/** What the admin calls an order's type; RENEWAL rows are charges made by the renewal engine. */
export const ORDER_TYPES = {
  "one-time": ["ONE_TIME"],
  subscription: ["SUBSCRIPTION_START", "SUBSCRIPTION_REBIND", "PLAN_CHANGE"],
  renewal: ["RENEWAL"],
} as const;
export type OrderType = keyof typeof ORDER_TYPES;

/** How the order is paid: the provider, and for SinoPac card or ATM transfer (a virtual account). */
export const ORDER_METHODS = ["linepay", "sinopac-card", "sinopac-atm"] as const;
export type OrderMethod = (typeof ORDER_METHODS)[number];

export interface OrderFilters {
  statuses: OrderStatus[];
  type: OrderType | null;
  method: OrderMethod | null;
  currency: string | null;
  /** Inclusive lower bound and exclusive upper bound, as instants (local days in the business zone). */
  from: Date | null;
  to: Date | null;
  /** As typed (major units, e.g. "299.5"); converted per currency when the query is built. */
  minAmount: string | null;
  maxAmount: string | null;
  q: string | null;
  sort: OrderSort;
  size: number;
}
