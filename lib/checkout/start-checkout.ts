// Starts a purchase: a one-time VIP pass here, a subscription in start-subscription.ts. The order is
// written PENDING before LINE Pay is called, so every request LINE Pay knows about has a row here.
import type { Db } from "@/lib/db/client";
import { findActivePlanByCode } from "@/lib/db/plan-repository";
import { claimCheckoutOrder } from "@/lib/db/checkout-order-repository";
import { canHandBackCheckout, checkoutReusableSince } from "@/lib/billing/checkout-window";
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import { startSubscription } from "./start-subscription";
import { CheckoutError } from "./checkout-error";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { PaymentGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { requestOrderPayment, type PaymentPage } from "./request-order-payment";
import { resumeCheckout } from "./resume-checkout";

/** Everything the checkout use cases work with; tests pass real parts pointed at the sandbox. */
export interface CheckoutDeps {
  db: Db;
  /** Each order is paid with its own provider's gateway; new orders use the default provider. */
  payments: PaymentProviders<PaymentGateway>;
  fulfilment: OrderFulfilment;
  now: () => Date;
  appBaseUrl: string;
}

export type StartCheckoutResult = PaymentPage;

export async function startCheckout(
  deps: CheckoutDeps,
  input: {
    userId: string;
    planCode: string;
    /** Unused: the result carries both pages and the route picks (see PaymentPage). */
    preferAppUrl?: boolean;
  },
): Promise<StartCheckoutResult> {
  const plan = await findActivePlanByCode(deps.db, input.planCode);
  if (!plan)
    throw new CheckoutError(
      404,
      "plan_unavailable",
      "That plan does not exist or is no longer on sale.",
    );
  if (plan.kind === "RECURRING") return startSubscription(deps, { userId: input.userId, plan });

  const now = deps.now();
  const claim = await claimCheckoutOrder(deps.db, {
    order: {
      orderId: createMerchantOrderId(now),
      userId: input.userId,
      planId: plan.id,
      amountMinor: plan.priceMinor,
      currency: plan.currency,
      kind: "ONE_TIME",
      provider: deps.payments.defaultProvider,
    },
    now,
    freshSince: checkoutReusableSince(now),
    match: (open) =>
      canHandBackCheckout(open, now) &&
      open.kind === "ONE_TIME" &&
      open.amountMinor === plan.priceMinor &&
      open.currency === plan.currency,
  });
  if (claim.kind === "reused") return resumeCheckout(deps, claim.order);
  return requestOrderPayment(deps, claim.order, {
    id: plan.code,
    name: plan.name,
    isPreapproved: false,
    isAuthorizeOnly: plan.captureMode === "MANUAL",
  });
}
