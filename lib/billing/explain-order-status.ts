// What each order status means for the shopper's money. The words live in the message files
// (shop namespace, `orderOutcome.<STATUS>`), so the domain stays free of any language; this file
// decides which explanation applies and how loudly to show it.
import type { OrderStatus } from "./order-status";

export interface OrderStatusExplanation {
  /** Message keys in the `shop` namespace. */
  titleKey: `orderOutcome.${OrderStatus}.title`;
  messageKey: `orderOutcome.${OrderStatus}.message`;
  tone: "success" | "info" | "warn" | "danger";
}

const TONES: Record<OrderStatus, OrderStatusExplanation["tone"]> = {
  PAID: "success",
  PENDING: "info",
  CONFIRMING: "info",
  UNKNOWN: "warn",
  AUTHORIZED: "info",
  VOIDED: "warn",
  CANCELED: "warn",
  FAILED: "danger",
  EXPIRED: "warn",
  PARTIALLY_REFUNDED: "info",
  REFUNDED: "info",
};

export function explainOrderStatus(status: OrderStatus): OrderStatusExplanation {
  return {
    titleKey: `orderOutcome.${status}.title`,
    messageKey: `orderOutcome.${status}.message`,
    tone: TONES[status],
  };
}
