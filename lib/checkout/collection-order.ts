// What the card and transfer checkouts share: the plan checks, the PENDING order written before the
// bank is asked, and the explained FAILED order when the bank cannot open the payment.
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import type { Db } from "@/lib/db/client";
import { createPendingOrder, transitionOrder, type OrderRecord } from "@/lib/db/order-repository";
import { findActivePlanByCode } from "@/lib/db/plan-repository";
import type { CollectionGateway } from "@/lib/payments/collection-gateway";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import { CheckoutError } from "./checkout-error";
import { statusReason } from "@/lib/billing/status-reason";

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

export async function openCollectionOrder(
  deps: CollectionCheckoutDeps,
  input: { userId: string; planCode: string; what: string },
): Promise<{ gateway: CollectionGateway; order: OrderRecord; planName: string }> {
  const gateway = deps.collections.SINOPAC;
  if (!gateway)
    throw new CheckoutError(
      404,
      "payment_method_unavailable",
      `${input.what} is not offered at the moment.`,
    );
  const plan = await findActivePlanByCode(deps.db, input.planCode);
  if (!plan)
    throw new CheckoutError(
      404,
      "plan_unavailable",
      "That plan does not exist or is no longer on sale.",
    );
  // Cards and transfers pay once; subscriptions renew through LINE Pay's stored authorization.
  if (plan.kind !== "ONE_TIME" || plan.currency !== "TWD")
    throw new CheckoutError(400, "passes_only", `${input.what} is offered for VIP passes only.`);
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
  return { gateway, order, planName: plan.name };
}

/** PENDING -> FAILED with the reason, then the shopper's error: nobody can pay what was not shown. */
export async function failCollectionStart(
  deps: CollectionCheckoutDeps,
  order: OrderRecord,
  error: unknown,
  shopperMessage: string,
  reasonCode: "sinopac.card_page_failed" | "sinopac.transfer_account_failed",
): Promise<never> {
  await transitionOrder(deps.db, {
    at: deps.now(),
    id: order.id,
    from: "PENDING",
    to: "FAILED",
    actor: "system:checkout",
    reason: statusReason(reasonCode, {
      detail: error instanceof Error ? error.message : "error",
    }),
    data: {
      failureCode: error instanceof PaymentGatewayError ? error.code : null,
      failureMessage: shopperMessage,
    },
  });
  throw new CheckoutError(502, "payment_start_failed", shopperMessage, order.orderId);
}
