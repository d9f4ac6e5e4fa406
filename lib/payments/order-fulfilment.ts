// What an order buys, applied when it is paid. The checkout and back-office use cases only know
// this interface; lib/subscriptions/order-fulfilment.ts implements it (wired in lib/server).
import type { OrderPaidEffect, OrderView } from "@/lib/db/order-repository";

export interface OrderFulfilment {
  /** A reason to refuse confirming this order now (nothing is charged), or null when it may go ahead. */
  refusalBeforeConfirm(order: OrderView): Promise<string | null>;
  /** The effect applied in the transaction that marks the order PAID. */
  effectOfPayment(order: OrderView, payment: { regKey: string | null; now: Date }): OrderPaidEffect;
}
