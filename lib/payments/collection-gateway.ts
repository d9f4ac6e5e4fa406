// The port of a bank "collection" provider (SinoPac 豐收款): the shopper pays on the bank's hosted
// card page or by transfer to a per-order virtual account, and the bank hands back an opaque token
// that only the provider's own query turns into a result. In the app's terms (minor units, the
// merchant orderId); errors are PaymentGatewayError like every other port.
import type { PaymentContext } from "./payment-gateway";

export interface CollectionOrderInput {
  /** The merchant orderId (Order.orderId). */
  orderId: string;
  amountMinor: number;
  currency: string;
  productName: string;
  /** Where the shopper's browser comes back (form POST of the token). */
  returnUrl: string;
  /** Where the bank notifies the server (JSON with the token). */
  notifyUrl: string;
}

export interface CardCollection {
  /** The bank's transaction number (Order.transactionId). */
  providerReference: string;
  paymentUrl: string;
}

export interface TransferCollection {
  providerReference: string;
  bankCode: string;
  virtualAccount: string;
  /** The last instant the account takes a transfer (the bank's deadline, at or after the one asked). */
  payBy: Date;
}

/** What a token says, read from the provider (never from the token's own request). */
export interface TokenResult {
  orderId: string;
  providerReference: string;
  /** "unknown": the answer is neither a payment nor a definitive decline (the order waits). */
  outcome: "paid" | "declined" | "unknown";
  amountMinor: number;
  currency: string;
  paidAt: Date | null;
}

/** The provider's record of one order, read conservatively (see lib/sinopac/order-record.ts). */
export type CollectionOrderState =
  | { kind: "paid"; providerReference: string; amountMinor: number; currency: string; paidAt: Date }
  | { kind: "awaiting"; providerReference: string }
  | { kind: "expired"; providerReference: string }
  | { kind: "unrecognised"; providerReference: string; code: string }
  | { kind: "not_found" };

export interface CollectionWindow {
  field: "created" | "paid";
  from: Date;
  to: Date;
  transfersOnly?: boolean;
  paidOnly?: boolean;
}

export interface CollectionGateway {
  startCardPayment(input: CollectionOrderInput, ctx: PaymentContext): Promise<CardCollection>;
  startTransfer(
    input: CollectionOrderInput & { payBy: Date },
    ctx: PaymentContext,
  ): Promise<TransferCollection>;
  readToken(token: string, ctx: PaymentContext): Promise<TokenResult>;
  lookupOrder(orderId: string, ctx: PaymentContext): Promise<CollectionOrderState>;
  /** Orders in a small window; `mayBeTruncated` when the provider's row cap was reached. */
  lookupWindow(
    window: CollectionWindow,
    ctx: PaymentContext,
  ): Promise<{ orders: ({ orderId: string } & CollectionOrderState)[]; mayBeTruncated: boolean }>;
  /** The shop id the bank's token posts must carry (anything else is not ours). */
  readonly merchantId: string;
  /** The token of a browser return (form body) naming our shop; null when malformed or not ours. */
  tokenFromReturn(body: string): string | null;
  /** The token of a server notification (JSON body) naming our shop; null when malformed or not ours. */
  tokenFromNotification(body: string): string | null;
  /** The notification reply that tells the bank "received" (sent only once the token is stored). */
  readonly notificationAck: { contentType: string; body: string };
}
