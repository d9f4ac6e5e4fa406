// Starts a purchase: a one-time VIP pass here, a subscription in start-subscription.ts. The order is
// written PENDING before LINE Pay is called, so every request LINE Pay knows about has a row here.
import type { Db } from "@/lib/db/client";
import { findActivePlanByCode } from "@/lib/db/plan-repository";
import { createPendingOrder } from "@/lib/db/order-repository";
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import { startSubscription } from "./start-subscription";
import { CheckoutError } from "./checkout-error";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { PaymentGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { requestOrderPayment } from "./request-order-payment";

/** Everything the checkout use cases work with; tests pass real parts pointed at the sandbox. */
export interface CheckoutDeps {
  db: Db;
  /** Each order is paid with its own provider's gateway; new orders use the default provider. */
  payments: PaymentProviders<PaymentGateway>;
  fulfilment: OrderFulfilment;
  now: () => Date;
  appBaseUrl: string;
}

export interface StartCheckoutResult {
  orderId: string;
  redirectUrl: string;
}

export async function startCheckout(
  deps: CheckoutDeps,
  input: { userId: string; planCode: string; preferAppUrl: boolean },
): Promise<StartCheckoutResult> {
  const plan = await findActivePlanByCode(deps.db, input.planCode);
  if (!plan) throw new CheckoutError(404, "That plan does not exist or is no longer on sale.");
  if (plan.kind === "RECURRING")
    return startSubscription(deps, {
      userId: input.userId,
      plan,
      preferAppUrl: input.preferAppUrl,
    });

  const order = await createPendingOrder(deps.db, {
    orderId: createMerchantOrderId(deps.now()),
    userId: input.userId,
    planId: plan.id,
    amountMinor: plan.priceMinor,
    currency: plan.currency,
    provider: deps.payments.defaultProvider,
  });
  return requestOrderPayment(deps, order, {
    id: plan.code,
    name: plan.name,
    isPreapproved: false,
    preferAppUrl: input.preferAppUrl,
    isAuthorizeOnly: plan.captureMode === "MANUAL",
  });
}
