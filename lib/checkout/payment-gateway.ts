// What the checkout use cases need from a payment provider, in the app's own terms (minor units,
// string ids). lib/checkout/linepay-gateway.ts implements it with the LINE Pay client; tests may
// pass the same adapter pointed at the sandbox.

export interface PaymentContext {
  /** Order row the call belongs to, so every provider call is logged against it. */
  orderRowId: string;
}

export interface PaymentRequestInput {
  orderId: string;
  amountMinor: number;
  currency: string;
  productId: string;
  productName: string;
  confirmUrl: string;
  cancelUrl: string;
}

export interface PaymentRequestResult {
  transactionId: string;
  paymentUrlWeb: string;
  paymentUrlApp: string | null;
}

/** A provider's own view of one payment, used to settle anything we are unsure about. */
export type ProviderPaymentState =
  | { kind: "captured"; amountMinor: number; currency: string }
  | { kind: "awaiting_approval" }
  | { kind: "approved_not_confirmed" }
  | { kind: "cancelled" }
  | { kind: "failed" }
  | { kind: "not_found" };

export interface PaymentGateway {
  requestPayment(input: PaymentRequestInput, ctx: PaymentContext): Promise<PaymentRequestResult>;
  confirmPayment(transactionId: string, amount: { amountMinor: number; currency: string }, ctx: PaymentContext): Promise<void>;
  lookupPayment(transactionId: string, ctx: PaymentContext): Promise<ProviderPaymentState>;
}

/**
 * A provider call that did not succeed. `definitive`: the provider said no and no money moved.
 * `unknown`: the money may or may not have moved (timeout, duplicate-call codes); verify first.
 */
export class PaymentGatewayError extends Error {
  override name = "PaymentGatewayError";
  constructor(
    readonly outcome: "definitive" | "unknown",
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}
