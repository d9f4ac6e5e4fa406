// The ports a payment provider implements, in the app's own terms (minor units, string ids), and
// their typed error. Each provider has one adapter folder beside this file (linepay/ maps the LINE
// Pay v3 client to these ports); use cases depend on the ports only. Tests may pass the same adapter
// pointed at the sandbox.
import { AppError } from "@/lib/errors/app-error";

/** What a provider call belongs to, so every call is logged against it. */
export interface PaymentContext {
  orderRowId?: string;
  subscriptionId?: string;
  chargeAttemptId?: string;
}

export interface PaymentRequestInput {
  orderId: string;
  amountMinor: number;
  currency: string;
  productId: string;
  productName: string;
  confirmUrl: string;
  cancelUrl: string;
  /** Ask LINE Pay for a regKey at confirm (preapproved payments, for subscriptions). */
  isPreapproved?: boolean;
  /** capture: false — confirm only authorizes; the money moves at capture. */
  isAuthorizeOnly?: boolean;
}

export interface PaymentRequestResult {
  transactionId: string;
  paymentUrlWeb: string;
  paymentUrlApp: string | null;
}

/** A provider's own view of one payment, used to settle anything we are unsure about. */
export type ProviderPaymentState =
  | { kind: "captured"; amountMinor: number; currency: string }
  | { kind: "authorized"; amountMinor: number; currency: string }
  | { kind: "authorization_voided" }
  | { kind: "authorization_expired" }
  | { kind: "awaiting_approval" }
  | { kind: "approved_not_confirmed" }
  | { kind: "cancelled" }
  | { kind: "failed" }
  | { kind: "not_found" };

export interface PaymentGateway {
  requestPayment(input: PaymentRequestInput, ctx: PaymentContext): Promise<PaymentRequestResult>;
  /** Returns the regKey LINE Pay issued when the request was preapproved; treat it as a credential. */
  confirmPayment(
    transactionId: string,
    amount: { amountMinor: number; currency: string },
    ctx: PaymentContext,
  ): Promise<{ regKey: string | null }>;
  lookupPayment(transactionId: string, ctx: PaymentContext): Promise<ProviderPaymentState>;
  /** Idempotent: a regKey LINE Pay no longer knows counts as expired. */
  expireRegKey(regKey: string, ctx: PaymentContext): Promise<void>;
}

/** What renewals need: charge a stored regKey and find a charge by its merchant orderId. */
export interface RenewalGateway {
  /**
   * Whether the provider would still charge this regKey, asked ahead of a renewal. "dead" only on
   * the provider's definitive answer; an unknown outcome throws PaymentGatewayError.
   */
  checkRegKey(regKey: string, ctx: PaymentContext): Promise<"usable" | "dead">;
  payPreapproved(
    regKey: string,
    input: { orderId: string; productName: string; amountMinor: number; currency: string },
    ctx: PaymentContext,
  ): Promise<{ transactionId: string }>;
  findChargeByOrderId(
    orderId: string,
    ctx: PaymentContext,
  ): Promise<
    | { kind: "captured"; transactionId: string; amountMinor: number; currency: string }
    | { kind: "not_found" }
  >;
  expireRegKey(regKey: string, ctx: PaymentContext): Promise<void>;
}

/** LINE Pay's own record of a payment, for the back office and for settling unknown refunds. */
export interface ProviderPaymentRecord {
  transactionId: string;
  orderId: string | null;
  transactionDate: string;
  payStatus: string | null;
  productName: string | null;
  currency: string | null;
  paidMinor: number;
  refunds: { refundTransactionId: string; type: string; amountMinor: number; date: string }[];
}

/** Capture or void a payment confirmed with capture: false. */
export interface AuthorizationGateway {
  capturePayment(
    transactionId: string,
    amount: { amountMinor: number; currency: string },
    ctx: PaymentContext,
  ): Promise<void>;
  voidPayment(transactionId: string, ctx: PaymentContext): Promise<void>;
}

/** What the back office needs: refund a captured payment and read LINE Pay's record of it. */
export interface RefundGateway {
  refundPayment(
    transactionId: string,
    amount: { amountMinor: number; currency: string },
    ctx: PaymentContext,
  ): Promise<{ refundTransactionId: string }>;
  /** Null when LINE Pay has no confirmed payment with this id. */
  getPaymentRecord(
    transactionId: string,
    ctx: PaymentContext,
  ): Promise<ProviderPaymentRecord | null>;
}

/**
 * A provider call that did not succeed. `definitive`: the provider said no and no money moved.
 * `unknown`: the money may or may not have moved (timeout, duplicate-call codes); verify first.
 */
export class PaymentGatewayError extends AppError {
  override name = "PaymentGatewayError";
  constructor(
    readonly outcome: "definitive" | "unknown",
    readonly code: string | null,
    message: string,
    /** Definitive failures only: the regKey can never be charged again (a new approval is needed). */
    readonly isRegKeyDead = false,
  ) {
    super(message, {
      status: 502,
      errorCode: outcome === "unknown" ? "payment_outcome_unknown" : "payment_refused",
    });
  }
}
