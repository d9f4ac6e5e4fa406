// Starts a subscription checkout: an INCOMPLETE subscription plus a PENDING order asking LINE Pay
// for a *preapproved* payment, whose confirm charges the first period and issues the regKey.
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import { CheckoutError } from "./checkout-error";
import { requestOrderPayment } from "./request-order-payment";
import type { CheckoutDeps } from "./start-checkout";
import {
  OrderStateConflictError,
  createPendingOrder,
  listOrdersOfSubscription,
  transitionOrder,
} from "@/lib/db/order-repository";
import type { PlanRecord } from "@/lib/db/plan-repository";
import {
  SubscriptionConflictError,
  createIncompleteSubscription,
  findLiveSubscription,
  transitionSubscription,
  type SubscriptionRecord,
} from "@/lib/db/subscription-repository";

/**
 * A shopper holds one live subscription (a unique column makes two impossible): a checkout of a
 * plan while another subscription is live is refused, and the shopper is pointed to the plan change.
 */
export class AlreadySubscribedError extends CheckoutError {
  override name = "AlreadySubscribedError";
  constructor(readonly planCode: string) {
    super(
      409,
      "You already have a VIP subscription. Switch plans on the plan change page instead of subscribing twice.",
    );
  }
}

export async function startSubscription(
  deps: CheckoutDeps,
  input: { userId: string; plan: PlanRecord; preferAppUrl: boolean },
): Promise<{ orderId: string; redirectUrl: string }> {
  const { plan } = input;
  if (!plan.billingInterval) throw new CheckoutError(400, "This plan cannot be subscribed to.");
  const live = await findLiveSubscription(deps.db, input.userId);
  if (live && live.status !== "INCOMPLETE") throw new AlreadySubscribedError(plan.code);
  if (live) await retireAbandonedStart(deps, live);

  let subscription: SubscriptionRecord;
  try {
    subscription = await createIncompleteSubscription(deps.db, {
      userId: input.userId,
      planId: plan.id,
      interval: plan.billingInterval,
      amountMinor: plan.priceMinor,
      currency: plan.currency,
      provider: deps.payments.defaultProvider,
    });
  } catch (error) {
    // Another checkout of this shopper made its subscription in between.
    if (error instanceof SubscriptionConflictError) throw new AlreadySubscribedError(plan.code);
    throw error;
  }
  const order = await createPendingOrder(deps.db, {
    orderId: createMerchantOrderId(deps.now()),
    userId: input.userId,
    planId: plan.id,
    amountMinor: plan.priceMinor,
    currency: plan.currency,
    kind: "SUBSCRIPTION_START",
    subscriptionId: subscription.id,
    provider: subscription.provider,
  });
  return requestOrderPayment(deps, order, {
    id: plan.code,
    name: plan.name,
    isPreapproved: true,
    preferAppUrl: input.preferAppUrl,
  });
}

/**
 * A shopper who left a subscription checkout unfinished may start again. That is safe: money only
 * moves through our confirm, and confirm refuses orders of a subscription that is no longer
 * INCOMPLETE. An order whose confirm is in flight is the one case we must wait for.
 */
async function retireAbandonedStart(deps: CheckoutDeps, live: SubscriptionRecord): Promise<void> {
  const orders = await listOrdersOfSubscription(deps.db, live.id, "SUBSCRIPTION_START");
  for (const order of orders) {
    if (order.status === "CONFIRMING" || order.status === "UNKNOWN") {
      throw new CheckoutError(
        409,
        "Your previous LINE Pay subscription payment is still being confirmed. Please check your account page in a minute.",
      );
    }
    if (order.status !== "PENDING") continue;
    try {
      await transitionOrder(deps.db, {
        id: order.id,
        from: "PENDING",
        to: "EXPIRED",
        actor: "system:checkout",
        reason: "Replaced by a newer subscription checkout",
      });
    } catch (error) {
      if (error instanceof OrderStateConflictError)
        throw new CheckoutError(
          409,
          "Your previous LINE Pay subscription payment is being confirmed right now.",
        );
      throw error;
    }
  }
  await transitionSubscription(deps.db, {
    id: live.id,
    from: "INCOMPLETE",
    to: "EXPIRED",
    actor: "system:checkout",
    reason: "Checkout abandoned; replaced by a newer one",
    data: { endedAt: deps.now() },
  });
}
