// What an order buys, applied when it is paid. The checkout and back-office use cases only know
// this interface; lib/subscriptions/order-fulfilment.ts implements it for passes, new subscriptions
// and re-binds, and lib/server wires the two together.
import type { OrderPurchase } from "@/lib/billing/order-purchase";
import type { OrderView } from "@/lib/db/order-repository";
import type { StatusReason } from "@/lib/billing/status-reason";

export interface OrderFulfilment {
  /** A reason to refuse confirming this order now (nothing is charged), or null when it may go ahead. */
  refusalBeforeConfirm(order: OrderView): Promise<StatusReason | null>;
  /** What this payment buys, as plain data the repository applies when it marks the order PAID. */
  purchaseOf(
    order: OrderView,
    payment: { regKey: string | null; now: Date },
  ): Promise<OrderPurchase>;
  /** Work that must wait for the PAID commit: expiring a replaced regKey at its provider, best effort. */
  afterPaid(purchase: OrderPurchase): Promise<void>;
}
