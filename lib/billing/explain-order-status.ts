// What each order status means for the shopper's money, in words a shopper can act on.
import type { OrderStatus } from "./order-status";

export interface OrderStatusExplanation {
  title: string;
  message: string;
  tone: "success" | "info" | "warn" | "danger";
}

export function explainOrderStatus(status: OrderStatus): OrderStatusExplanation {
  switch (status) {
    case "PAID":
      return { title: "Payment complete", message: "LINE Pay charged you once and your VIP access is active.", tone: "success" };
    case "PENDING":
      return { title: "Waiting for LINE Pay", message: "You have not approved this payment in LINE Pay yet. Nothing has been charged.", tone: "info" };
    case "CONFIRMING":
      return { title: "Confirming your payment", message: "We are confirming the payment with LINE Pay. This page updates in a moment; you will not be charged twice.", tone: "info" };
    case "UNKNOWN":
      return { title: "We are verifying your payment", message: "LINE Pay did not give us a clear answer. We are checking with LINE Pay; if money was taken you will get your VIP access, otherwise nothing is charged. You will not be charged twice.", tone: "warn" };
    case "CANCELED":
      return { title: "Payment cancelled", message: "You cancelled on the LINE Pay page. Nothing was charged.", tone: "warn" };
    case "FAILED":
      return { title: "Payment failed", message: "LINE Pay did not complete the payment. Nothing was charged.", tone: "danger" };
    case "EXPIRED":
      return { title: "Payment expired", message: "The LINE Pay payment was not completed in time. Nothing was charged.", tone: "warn" };
    case "PARTIALLY_REFUNDED":
      return { title: "Partly refunded", message: "Part of this payment was refunded to your LINE Pay account.", tone: "info" };
    case "REFUNDED":
      return { title: "Refunded", message: "This payment was refunded in full to your LINE Pay account.", tone: "info" };
  }
}
