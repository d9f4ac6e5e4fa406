// Starts a subscription checkout: an INCOMPLETE subscription plus a PENDING order asking LINE Pay
// for a *preapproved* payment, whose confirm charges the first period and issues the regKey.
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import { canHandBackCheckout, checkoutReusableSince } from "@/lib/billing/checkout-window";
import { CheckoutError } from "./checkout-error";
import { requestOrderPayment, type PaymentPage } from "./request-order-payment";
import { resumeCheckout } from "./resume-checkout";
import type { CheckoutDeps } from "./start-checkout";
import {
  checkoutKeyFor,
  claimCheckoutOrder,
  findReusableCheckoutOrder,
} from "@/lib/db/checkout-order-repository";
import {
  OrderStateConflictError,
  listOrdersOfSubscription,
  transitionOrder,
  type OrderRecord,
} from "@/lib/db/order-repository";
import type { PlanRecord } from "@/lib/db/plan-repository";
import {
  SubscriptionConflictError,
  createIncompleteSubscription,
  findLiveSubscription,
  transitionSubscription,
  type SubscriptionRecord,
} from "@/lib/db/subscription-repository";
import { statusReason } from "@/lib/billing/status-reason";

/**
 * A shopper holds one live subscription (a unique column makes two impossible): a checkout of a
 * plan while another subscription is live is refused, and the shopper is pointed to the plan change.
 */
export class AlreadySubscribedError extends CheckoutError {
  override name = "AlreadySubscribedError";
  constructor(readonly planCode: string) {
    super(
      409,
      "already_subscribed",
      "You already have a VIP subscription. Switch plans on the plan change page instead of subscribing twice.",
    );
  }
}

const JUST_STARTED_MS = 30 * 1000;

export async function startSubscription(
  deps: CheckoutDeps,
  input: { userId: string; plan: PlanRecord },
): Promise<PaymentPage> {
  const { plan } = input;
  if (!plan.billingInterval)
    throw new CheckoutError(400, "plan_not_subscribable", "This plan cannot be subscribed to.");
  const live = await findLiveSubscription(deps.db, input.userId);
  if (live && live.status !== "INCOMPLETE") throw new AlreadySubscribedError(plan.code);
  if (live) {
    // A second tap within LINE Pay's payment window: the same order and payment page. A
    // subscription written a moment ago by the first tap may not have its order yet: wait for it.
    // A checkout left unfinished for another plan is retired instead.
    const isSamePlan = live.planId === plan.id;
    const isJustStarted = deps.now().getTime() - live.createdAt.getTime() < JUST_STARTED_MS;
    const open = !isSamePlan
      ? null
      : ((await openStartOrder(deps, live)) ??
        (isJustStarted ? await waitForStartOrder(deps, input.userId, plan.id) : null));
    if (open) return resumeCheckout(deps, open);
    await retireAbandonedStart(deps, live);
  }

  let subscription: SubscriptionRecord;
  try {
    subscription = await createIncompleteSubscription(deps.db, {
      userId: input.userId,
      planId: plan.id,
      interval: plan.billingInterval,
      amountMinor: plan.priceMinor,
      currency: plan.currency,
      provider: deps.payments.defaultProvider,
      createdAt: deps.now(),
    });
  } catch (error) {
    if (!(error instanceof SubscriptionConflictError)) throw error;
    // Two taps at once: the other one holds the subscription and is writing its order. Otherwise
    // another checkout of this shopper made its subscription in between.
    const open = await waitForStartOrder(deps, input.userId, plan.id);
    if (open) return resumeCheckout(deps, open);
    throw new AlreadySubscribedError(plan.code);
  }
  const now = deps.now();
  const claim = await claimCheckoutOrder(deps.db, {
    order: {
      orderId: createMerchantOrderId(now),
      userId: input.userId,
      planId: plan.id,
      amountMinor: plan.priceMinor,
      currency: plan.currency,
      kind: "SUBSCRIPTION_START",
      subscriptionId: subscription.id,
      provider: subscription.provider,
    },
    now,
    freshSince: checkoutReusableSince(now),
    match: (order) => order.subscriptionId === subscription.id && canHandBackCheckout(order, now),
  });
  if (claim.kind === "reused") return resumeCheckout(deps, claim.order);
  return requestOrderPayment(deps, claim.order, {
    id: plan.code,
    name: plan.name,
    isPreapproved: true,
  });
}

/** The INCOMPLETE subscription's start order, while LINE Pay still holds its payment page. */
async function openStartOrder(
  deps: CheckoutDeps,
  live: SubscriptionRecord,
): Promise<OrderRecord | null> {
  const now = deps.now();
  const order = await findReusableCheckoutOrder(
    deps.db,
    checkoutKeyFor(live.userId, live.planId),
    checkoutReusableSince(now),
  );
  return order?.subscriptionId === live.id &&
    order.kind === "SUBSCRIPTION_START" &&
    canHandBackCheckout(order, now)
    ? order
    : null;
}

async function waitForStartOrder(
  deps: CheckoutDeps,
  userId: string,
  planId: string,
): Promise<OrderRecord | null> {
  for (let attempt = 0; attempt < 25; attempt++) {
    const live = await findLiveSubscription(deps.db, userId);
    if (live?.status !== "INCOMPLETE" || live.planId !== planId) return null;
    const open = await openStartOrder(deps, live);
    if (open) return open;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return null;
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
        "subscription_payment_confirming",
        "Your previous LINE Pay subscription payment is still being confirmed. Please check your account page in a minute.",
      );
    }
    if (order.status !== "PENDING") continue;
    try {
      await transitionOrder(deps.db, {
        at: deps.now(),
        id: order.id,
        from: "PENDING",
        to: "EXPIRED",
        actor: "system:checkout",
        reason: statusReason("checkout.replaced"),
      });
    } catch (error) {
      if (error instanceof OrderStateConflictError)
        throw new CheckoutError(
          409,
          "subscription_payment_confirming",
          "Your previous LINE Pay subscription payment is being confirmed right now.",
        );
      throw error;
    }
  }
  await transitionSubscription(deps.db, {
    at: deps.now(),
    id: live.id,
    from: "INCOMPLETE",
    to: "EXPIRED",
    actor: "system:checkout",
    reason: statusReason("checkout.abandoned"),
    data: { endedAt: deps.now() },
  });
}
