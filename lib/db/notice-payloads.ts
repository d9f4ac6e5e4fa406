// What the shop tells a shopper, and what each message needs to say it. Plain data: the outbox
// stores it as JSON when the money event happens, the templates render it when it is sent.
export type NoticeKind =
  | "payment-receipt"
  | "refund-receipt"
  | "renewal-failed"
  | "reapproval-needed"
  | "subscription-ended"
  | "renewal-reminder"
  | "password-reset"
  | "transfer-instructions"
  | "transfer-reminder";

export const NOTICE_KINDS: readonly NoticeKind[] = [
  "payment-receipt",
  "refund-receipt",
  "renewal-failed",
  "reapproval-needed",
  "subscription-ended",
  "renewal-reminder",
  "password-reset",
  "transfer-instructions",
  "transfer-reminder",
];

export interface ReceiptPayload {
  /** The merchant order id the shopper sees and the receipt page is named by. */
  orderId: string;
  orderKind: string;
  planCode: string;
  planName: string;
  amountMinor: number;
  currency: string;
  paidAt: string;
  providerReference: string | null;
}

export interface RefundPayload {
  orderId: string;
  planCode: string;
  planName: string;
  amountMinor: number;
  currency: string;
  refundedAt: string;
  /** Where the money goes back to; absent on receipts written before card and bank refunds. */
  refundTo?: "linepay" | "card" | "bank";
}

export interface SubscriptionPayload {
  planCode: string;
  planName: string;
  /** Failed renewal: the next retry; null when no retry is left. */
  nextRetryAt: string | null;
  /** Until when VIP stays on while the payment is fixed. */
  graceUntil: string | null;
  /** Ended: when VIP stopped. */
  endedAt: string | null;
}

export interface ReminderPayload {
  planCode: string;
  planName: string;
  amountMinor: number;
  currency: string;
  chargeAt: string;
  interval: "MONTH" | "YEAR";
}

/** The link's token is not here: the sender derives it from resetId (password-reset-token.ts). */
export interface PasswordResetPayload {
  resetId: string;
  expiresAt: string;
}

/** An ATM order's virtual account, for the instructions and the reminder before it closes. */
export interface TransferPayload {
  orderId: string;
  planCode: string;
  planName: string;
  amountMinor: number;
  currency: string;
  bankCode: string;
  virtualAccount: string;
  payBy: string;
}

export type NoticePayload =
  | ReceiptPayload
  | RefundPayload
  | SubscriptionPayload
  | ReminderPayload
  | PasswordResetPayload
  | TransferPayload;

/** The one deterministic id per event: the outbox refuses a second notice for the same key. */
export function noticeDedupeKey(kind: NoticeKind, eventId: string): string {
  return `${kind}:${eventId}`;
}
