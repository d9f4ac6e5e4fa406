// Starts a card purchase of a VIP pass through a bank collection provider (SinoPac): a PENDING
// order is written first, then the bank's hosted card page is asked for and the shopper sent there.
// A failed start leaves an explained FAILED order: nobody can pay a card page nobody was shown.
import { findActivePlanByCode } from "@/lib/db/plan-repository";
import {
  attachPaymentRequest,
  createPendingOrder,
  transitionOrder,
} from "@/lib/db/order-repository";
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import type { Db } from "@/lib/db/client";
import type { CollectionGateway } from "@/lib/payments/collection-gateway";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import { CheckoutError } from "./checkout-error";

export interface CollectionCheckoutDeps {
  db: Db;
  collections: { SINOPAC?: CollectionGateway };
  now: () => Date;
  appBaseUrl: string;
}

/** The bank's product-name limit, read as 60 bytes (the stricter reading; see the wire notes). */
export function collectionProductName(name: string): string {
  let out = "";
  for (const char of name.replace(/['"%]/g, "")) {
    if (Buffer.byteLength(out + char, "utf8") > 60) break;
    out += char;
  }
  return out || "VIP";
}

export function collectionUrls(appBaseUrl: string) {
  return {
    returnUrl: new URL("/api/sinopac/return", appBaseUrl).toString(),
    notifyUrl: new URL("/api/sinopac/notify", appBaseUrl).toString(),
  };
}

export async function startCardCheckout(
  deps: CollectionCheckoutDeps,
  input: { userId: string; planCode: string },
): Promise<{ orderId: string; redirectUrl: string }> {
  const gateway = deps.collections.SINOPAC;
  if (!gateway) throw new CheckoutError(404, "Card payment is not offered at the moment.");
  const plan = await findActivePlanByCode(deps.db, input.planCode);
  if (!plan) throw new CheckoutError(404, "That plan does not exist or is no longer on sale.");
  // Cards and transfers pay once; subscriptions renew through LINE Pay's stored authorization.
  if (plan.kind !== "ONE_TIME" || plan.currency !== "TWD")
    throw new CheckoutError(400, "Card payment is offered for VIP passes only.");

  const now = deps.now();
  const order = await createPendingOrder(deps.db, {
    orderId: createMerchantOrderId(now),
    userId: input.userId,
    planId: plan.id,
    amountMinor: plan.priceMinor,
    currency: plan.currency,
    provider: "SINOPAC",
    createdAt: now,
  });
  try {
    const card = await gateway.startCardPayment(
      {
        orderId: order.orderId,
        amountMinor: order.amountMinor,
        currency: order.currency,
        productName: collectionProductName(plan.name),
        ...collectionUrls(deps.appBaseUrl),
      },
      { orderRowId: order.id },
    );
    await attachPaymentRequest(deps.db, order.id, {
      transactionId: card.providerReference,
      paymentUrl: card.paymentUrl,
      paymentUrlApp: null,
    });
    return { orderId: order.orderId, redirectUrl: card.paymentUrl };
  } catch (error) {
    const reason = error instanceof Error ? error.message : "error";
    await transitionOrder(deps.db, {
      at: deps.now(),
      id: order.id,
      from: "PENDING",
      to: "FAILED",
      actor: "system:checkout",
      reason: `The card payment page could not be opened: ${reason}`,
      data: {
        failureCode: error instanceof PaymentGatewayError ? error.code : null,
        failureMessage: "The card payment page could not be opened. Nothing was charged.",
      },
    });
    throw new CheckoutError(502, "The card payment page could not be opened. Nothing was charged.");
  }
}
