// Starts a one-time VIP purchase: the order is written PENDING before LINE Pay is called, so every
// request LINE Pay knows about has a row here, and a failed request leaves an explained FAILED row.
import type { Db } from "@/lib/db/client";
import { findActivePlanByCode } from "@/lib/db/plan-repository";
import { attachPaymentRequest, createPendingOrder, transitionOrder } from "@/lib/db/order-repository";
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import { CheckoutError } from "./checkout-error";
import { PaymentGatewayError, type PaymentGateway } from "./payment-gateway";

export interface StartCheckoutDeps {
  db: Db;
  gateway: PaymentGateway;
  now: () => Date;
  appBaseUrl: string;
}

export interface StartCheckoutResult {
  orderId: string;
  redirectUrl: string;
}

export async function startCheckout(
  deps: StartCheckoutDeps,
  input: { userId: string; planCode: string; preferAppUrl: boolean },
): Promise<StartCheckoutResult> {
  const plan = await findActivePlanByCode(deps.db, input.planCode);
  if (!plan) throw new CheckoutError(404, "That plan does not exist or is no longer on sale.");
  if (plan.kind !== "ONE_TIME") throw new CheckoutError(400, "This plan is a subscription and cannot be bought as a one-time pass.");

  const order = await createPendingOrder(deps.db, {
    orderId: createMerchantOrderId(deps.now()),
    userId: input.userId,
    planId: plan.id,
    amountMinor: plan.priceMinor,
    currency: plan.currency,
  });

  try {
    const result = await deps.gateway.requestPayment(
      {
        orderId: order.orderId,
        amountMinor: plan.priceMinor,
        currency: plan.currency,
        productId: plan.code,
        productName: plan.name,
        confirmUrl: new URL("/api/linepay/confirm", deps.appBaseUrl).toString(),
        cancelUrl: new URL("/api/linepay/cancel", deps.appBaseUrl).toString(),
      },
      { orderRowId: order.id },
    );
    await attachPaymentRequest(deps.db, order.id, { transactionId: result.transactionId, paymentUrl: result.paymentUrlWeb });
    const redirectUrl = input.preferAppUrl && result.paymentUrlApp ? result.paymentUrlApp : result.paymentUrlWeb;
    return { orderId: order.orderId, redirectUrl };
  } catch (error) {
    // A payment *request* never moves money, so even an unknown outcome is safe to close as FAILED:
    // without our confirm call nothing can be charged.
    const code = error instanceof PaymentGatewayError ? error.code : null;
    await transitionOrder(deps.db, {
      id: order.id,
      from: "PENDING",
      to: "FAILED",
      actor: "system:checkout",
      reason: `LINE Pay payment request failed${code ? ` (${code})` : ""}`,
      data: { failureCode: code, failureMessage: error instanceof Error ? error.message : "unknown error" },
    });
    throw new CheckoutError(502, "LINE Pay could not start the payment. Nothing was charged; please try again.");
  }
}
