// What a shopper can do with their subscription: cancel (at period end, or at once if a payment is
// already failing), resume before the end, and re-bind LINE Pay when the stored regKey died.
// Each refuses while a renewal runner is charging the subscription, so nothing races a charge.
import type { BillingPolicy } from "@/lib/billing/billing-policy";
import { createMerchantOrderId } from "@/lib/billing/merchant-order-id";
import { nextPeriodStart } from "@/lib/billing/vip-timeline";
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { requestOrderPayment, type PaymentPage } from "@/lib/checkout/request-order-payment";
import type { CheckoutDeps } from "@/lib/checkout/start-checkout";
import type { PaymentGateway, RefundGateway, RenewalGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { openRebindOrder, RebindInFlightError } from "@/lib/db/rebind-order-repository";
import {
  SubscriptionStateConflictError,
  findSubscriptionForUser,
  transitionSubscription,
  type SubscriptionSummary,
  type SubscriptionView,
} from "@/lib/db/subscription-repository";
import type { RegKeyVault } from "./regkey-vault";
import { expireStoredRegKey } from "./expire-stored-regkey";
import { RENEWAL_UNSETTLED_MESSAGE, settleRenewalFirst } from "./settle-renewal-first";
import { statusReason } from "@/lib/billing/status-reason";

export interface ManageDeps extends CheckoutDeps {
  payments: PaymentProviders<PaymentGateway & RenewalGateway & RefundGateway>;
  vault: RegKeyVault;
  policy: BillingPolicy;
}

const BUSY =
  "A renewal payment for this subscription is being processed. Please try again in a minute.";

const NO_REBIND = "This subscription does not need a new LINE Pay approval.";
const REBIND_IN_FLIGHT =
  "Your earlier LINE Pay approval is being confirmed. Please wait a minute and reload this page.";

async function ownSubscription(
  deps: ManageDeps,
  userId: string,
  subscriptionId: string,
): Promise<SubscriptionView> {
  const subscription = await findSubscriptionForUser(deps.db, subscriptionId, userId);
  if (!subscription)
    throw new CheckoutError(404, "subscription_not_found", "We could not find that subscription.");
  return subscription;
}

/** The subscription once any renewal charge whose answer was lost is settled (or a 409). */
async function settledSubscription(
  deps: ManageDeps,
  userId: string,
  subscriptionId: string,
): Promise<SubscriptionView> {
  const subscription = await ownSubscription(deps, userId, subscriptionId);
  if ((await settleRenewalFirst(deps, subscription.id, `user-${userId}`)) === "unsettled")
    throw new CheckoutError(409, "renewal_in_progress", RENEWAL_UNSETTLED_MESSAGE);
  return ownSubscription(deps, userId, subscriptionId);
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SubscriptionStateConflictError)
      throw new CheckoutError(409, "renewal_in_progress", BUSY);
    throw error;
  }
}

export async function cancelSubscription(
  deps: ManageDeps,
  input: { userId: string; subscriptionId: string },
): Promise<SubscriptionSummary> {
  const subscription = await settledSubscription(deps, input.userId, input.subscriptionId);
  const now = deps.now();
  const actor = `user:${input.userId}`;
  if (subscription.status === "CANCELED" || subscription.status === "EXPIRED") return subscription;
  const isPeriodPaid = !!subscription.currentPeriodEnd && subscription.currentPeriodEnd > now;
  // ACTIVE, or waiting for a new approval while the period is still paid (regKey found dead ahead).
  if (
    subscription.status === "ACTIVE" ||
    (subscription.status === "NEEDS_REBIND" && isPeriodPaid)
  ) {
    return guard(() =>
      transitionSubscription(deps.db, {
        at: deps.now(),
        id: subscription.id,
        from: subscription.status,
        to: "CANCELED",
        actor,
        reason: statusReason("subscription.shopper_cancelled"),
        data: {
          cancelAtPeriodEnd: true,
          canceledAt: now,
          nextActionAt: subscription.currentPeriodEnd,
          graceUntil: null,
        },
        unclaimedAt: now,
      }),
    );
  }
  if (subscription.status !== "PAST_DUE" && subscription.status !== "NEEDS_REBIND") {
    throw new CheckoutError(
      409,
      "cannot_cancel",
      "This subscription cannot be cancelled in its current state.",
    );
  }
  // Nothing paid is left to run out: end it now and release the regKey at LINE Pay.
  const ended = await guard(() =>
    transitionSubscription(deps.db, {
      at: deps.now(),
      id: subscription.id,
      from: subscription.status,
      to: "EXPIRED",
      actor,
      reason: statusReason("subscription.shopper_cancelled_past_due"),
      data: {
        cancelAtPeriodEnd: true,
        canceledAt: now,
        endedAt: now,
        graceUntil: null,
        nextActionAt: now,
      },
      unclaimedAt: now,
    }),
  );
  return expireStoredRegKey(deps, ended, now);
}

export async function resumeSubscription(
  deps: ManageDeps,
  input: { userId: string; subscriptionId: string },
): Promise<SubscriptionSummary> {
  const subscription = await ownSubscription(deps, input.userId, input.subscriptionId);
  const now = deps.now();
  if (subscription.status === "ACTIVE") return subscription;
  if (
    subscription.status !== "CANCELED" ||
    !subscription.currentPeriodEnd ||
    subscription.currentPeriodEnd <= now
  ) {
    throw new CheckoutError(
      409,
      "cannot_resume",
      "Only a cancelled subscription whose paid period has not ended can be resumed.",
    );
  }
  return guard(() =>
    transitionSubscription(deps.db, {
      at: deps.now(),
      id: subscription.id,
      from: "CANCELED",
      to: "ACTIVE",
      actor: `user:${input.userId}`,
      reason: statusReason("subscription.shopper_resumed"),
      data: {
        cancelAtPeriodEnd: false,
        canceledAt: null,
        // Its next period may start later than this one ends (time bought in between).
        nextActionAt:
          nextPeriodStart(subscription, deps.policy.timeZone) ?? subscription.currentPeriodEnd,
      },
      unclaimedAt: now,
    }),
  );
}

/** A new preapproved LINE Pay approval that pays the due period and replaces the dead regKey. */
export async function startRebind(
  deps: ManageDeps,
  input: { userId: string; subscriptionId: string; preferAppUrl: boolean },
): Promise<PaymentPage> {
  const subscription = await settledSubscription(deps, input.userId, input.subscriptionId);
  if (subscription.status !== "NEEDS_REBIND")
    throw new CheckoutError(409, "no_rebind_needed", NO_REBIND);
  const order = await openRebindOrder(
    deps.db,
    {
      createdAt: deps.now(),
      orderId: createMerchantOrderId(deps.now()),
      userId: input.userId,
      planId: subscription.planId,
      amountMinor: subscription.amountMinor,
      currency: subscription.currency,
      subscriptionId: subscription.id,
      provider: subscription.provider,
    },
    `user:${input.userId}`,
  ).catch((error: unknown) => {
    if (error instanceof RebindInFlightError)
      throw new CheckoutError(409, "rebind_confirming", REBIND_IN_FLIGHT);
    if (error instanceof SubscriptionStateConflictError)
      throw new CheckoutError(409, "no_rebind_needed", NO_REBIND);
    throw error;
  });
  return requestOrderPayment(deps, order, {
    id: subscription.plan.code,
    name: subscription.plan.name,
    isPreapproved: true,
  });
}
