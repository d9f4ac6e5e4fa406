// Asks LINE Pay for a payment page for an order already written PENDING. A failed request leaves
// an explained FAILED order: a payment *request* never moves money, so even an unknown outcome is
// safe to close — without our confirm call nothing can be charged. The exception is LINE Pay saying
// it already holds a request with this orderId (1172), which is not a refusal (see below).
import { attachPaymentRequest, transitionOrder, type OrderRecord } from "@/lib/db/order-repository";
import { CheckoutError } from "./checkout-error";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import type { CheckoutDeps } from "./start-checkout";
import { statusReason } from "@/lib/billing/status-reason";

/**
 * Where the shopper pays: LINE Pay's web page (works in every browser) and, when LINE Pay offers
 * one, its app link. The app link alone strands a phone without the LINE app on a page that did
 * nothing, so the route sends phones to /checkout/open, which tries the app then falls back to the web.
 */
export interface PaymentPage {
  orderId: string;
  redirectUrl: string;
  appUrl: string | null;
}

export async function requestOrderPayment(
  deps: Pick<CheckoutDeps, "db" | "payments" | "appBaseUrl" | "now">,
  order: OrderRecord,
  product: {
    id: string;
    name: string;
    isPreapproved: boolean;
    isAuthorizeOnly?: boolean;
  },
): Promise<PaymentPage> {
  try {
    const result = await deps.payments.gatewayFor(order.provider).requestPayment(
      {
        orderId: order.orderId,
        amountMinor: order.amountMinor,
        currency: order.currency,
        productId: product.id,
        productName: product.name,
        confirmUrl: new URL("/api/linepay/confirm", deps.appBaseUrl).toString(),
        cancelUrl: new URL("/api/linepay/cancel", deps.appBaseUrl).toString(),
        isPreapproved: product.isPreapproved,
        isAuthorizeOnly: product.isAuthorizeOnly ?? false,
      },
      {
        orderRowId: order.id,
        ...(order.subscriptionId ? { subscriptionId: order.subscriptionId } : {}),
      },
    );
    await attachPaymentRequest(deps.db, order.id, {
      transactionId: result.transactionId,
      paymentUrl: result.paymentUrlWeb,
      paymentUrlApp: result.paymentUrlApp,
    });
    return {
      orderId: order.orderId,
      redirectUrl: result.paymentUrlWeb,
      appUrl: result.paymentUrlApp,
    };
  } catch (error) {
    const code = error instanceof PaymentGatewayError ? error.code : null;
    if (code === "1172") {
      // Our own earlier request for this orderId exists at LINE Pay (orderIds are never reused): its
      // answer was lost. Recording FAILED would say LINE Pay has nothing. The order stays PENDING
      // without a payment page; reconciliation closes it as EXPIRED. Nothing can be charged
      // meanwhile: approving needs the payment page, charging needs our confirm, and both hang on
      // the transactionId the lost answer carried. A lookup by orderId would not help: Payment
      // details lists confirmed payments only (1150 for a request).
      throw new CheckoutError(502, "payment_start_failed", SHOPPER_MESSAGE);
    }
    await transitionOrder(deps.db, {
      at: deps.now(),
      id: order.id,
      from: "PENDING",
      to: "FAILED",
      actor: "system:checkout",
      reason: code
        ? statusReason("checkout.request_failed_code", { code })
        : statusReason("checkout.request_failed"),
      data: {
        failureCode: code,
        failureMessage: error instanceof Error ? error.message : "unknown error",
      },
    });
    throw new CheckoutError(502, "payment_start_failed", SHOPPER_MESSAGE);
  }
}

const SHOPPER_MESSAGE =
  "LINE Pay could not start the payment. Nothing was charged; please try again.";
