// The order state machine. Every status change in the app goes through `assertOrderTransition`,
// so an illegal move (say, PAID back to PENDING) is refused before anything is written.
import { AppError } from "@/lib/errors/app-error";

export const ORDER_STATUSES = [
  "PENDING", // order written, LINE Pay request made, waiting for the shopper to approve
  "CONFIRMING", // one confirm call claimed the order and is talking to LINE Pay
  "UNKNOWN", // confirm outcome unknown (timeout, 1172, 1198...): must be verified, never re-charged blindly
  "AUTHORIZED", // manual-capture plans: LINE Pay holds the money; an admin captures or voids it
  "VOIDED", // the authorization was released: nothing was charged
  "PAID",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "CANCELED", // shopper cancelled on the payment page: nothing was charged
  "FAILED", // LINE Pay refused definitively: nothing was charged
  "EXPIRED", // the shopper never came back within LINE Pay's payment window
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ["CONFIRMING", "CANCELED", "FAILED", "EXPIRED"],
  CONFIRMING: ["PAID", "AUTHORIZED", "FAILED", "UNKNOWN"],
  // Back to CONFIRMING only when LINE Pay shows the approval still unconfirmed: the earlier confirm
  // never took effect, so the reconciliation job confirms again.
  UNKNOWN: ["PAID", "AUTHORIZED", "FAILED", "CONFIRMING"],
  AUTHORIZED: ["PAID", "VOIDED", "EXPIRED"], // captured, voided, or LINE Pay let it expire
  VOIDED: [],
  PAID: ["PARTIALLY_REFUNDED", "REFUNDED"],
  PARTIALLY_REFUNDED: ["PARTIALLY_REFUNDED", "REFUNDED"],
  REFUNDED: [],
  CANCELED: [],
  // Back to CONFIRMING only when a provider later shows the money taken after all: a SinoPac card
  // order failed by a decline whose card page the shopper used again (the bank allows a retry).
  FAILED: ["CONFIRMING"],
  EXPIRED: [],
};

export class IllegalOrderTransitionError extends AppError {
  override name = "IllegalOrderTransitionError";
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`Order cannot move from ${from} to ${to}`, {
      status: 409,
      errorCode: "illegal_order_transition",
    });
  }
}

export function canTransitionOrder(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Throws IllegalOrderTransitionError unless `from → to` is a legal move. */
export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransitionOrder(from, to)) throw new IllegalOrderTransitionError(from, to);
}

/** True once the order can no longer change on its own (only refunds move a paid order). */
export function isSettledOrderStatus(status: OrderStatus): boolean {
  return !["PENDING", "CONFIRMING", "UNKNOWN", "AUTHORIZED"].includes(status);
}

/** The statuses of an order whose money was taken (some of it may have been refunded since). */
export const MONEY_TAKEN_STATUSES = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"] as const;

export function hasMoneyMoved(status: OrderStatus): boolean {
  return (MONEY_TAKEN_STATUSES as readonly OrderStatus[]).includes(status);
}
