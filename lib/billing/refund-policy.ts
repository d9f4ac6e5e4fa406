// What may be refunded. Checked before LINE Pay is called, so an over-refund is refused by us with
// a clear reason instead of being sent to LINE Pay (or worse, accepted twice by a race).
import type { OrderStatus } from "./order-status";

export interface RefundableOrder {
  status: OrderStatus;
  amountMinor: number;
  refundedMinor: number;
  /** Refunds sent whose outcome is not known yet: they may have moved money. */
  refundPendingMinor: number;
}

export type RefundRefusal =
  | { code: "NOT_PAID"; message: string }
  | { code: "NOTHING_LEFT"; message: string }
  | { code: "INVALID_AMOUNT"; message: string }
  | { code: "PROVIDER_MANUAL"; message: string }
  | { code: "OVER_REFUND"; message: string; refundableMinor: number };

export function refundableMinor(order: RefundableOrder): number {
  return Math.max(0, order.amountMinor - order.refundedMinor - order.refundPendingMinor);
}

/** Null when `amountMinor` may be refunded now; otherwise why not. */
export function checkRefund(order: RefundableOrder, amountMinor: number): RefundRefusal | null {
  if (order.status !== "PAID" && order.status !== "PARTIALLY_REFUNDED") {
    return {
      code: "NOT_PAID",
      message: `Only paid orders can be refunded; this order is ${order.status}.`,
    };
  }
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    return {
      code: "INVALID_AMOUNT",
      message: "The refund amount must be a positive amount in the order's currency.",
    };
  }
  const left = refundableMinor(order);
  if (left === 0) {
    return order.refundPendingMinor > 0
      ? {
          code: "NOTHING_LEFT",
          message:
            "The rest of this order is in a refund whose outcome is not known yet; verify it first.",
        }
      : { code: "NOTHING_LEFT", message: "This order has already been refunded in full." };
  }
  if (amountMinor > left) {
    return {
      code: "OVER_REFUND",
      message: "The refund is larger than what is left to refund on this order.",
      refundableMinor: left,
    };
  }
  return null;
}

/** The order's status once `refundedMinor` in total has been refunded. */
export function statusAfterRefund(
  amountMinor: number,
  refundedMinor: number,
): "PARTIALLY_REFUNDED" | "REFUNDED" {
  return refundedMinor >= amountMinor ? "REFUNDED" : "PARTIALLY_REFUNDED";
}
