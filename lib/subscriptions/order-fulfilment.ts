// What a paid order buys: a one-time VIP pass, the first period of a new subscription (storing its
// sealed regKey), or the due period of a re-bound subscription (swapping regKeys and expiring the
// old one at LINE Pay only after the new one is safely stored). Computed here as plain data; the
// order repository applies it in the transaction that marks the order PAID.
import type { Db } from "@/lib/db/client";
import { findSubscription } from "@/lib/db/subscription-repository";
import type { BillingPolicy } from "@/lib/billing/billing-policy";
import { scheduledPeriodBounds } from "@/lib/billing/billing-period";
import type { OrderPurchase } from "@/lib/billing/order-purchase";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { PaymentGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { RegKeyVault } from "./regkey-vault";

const ACTOR = "system:confirm";

export interface FulfilmentDeps {
  db: Db;
  vault: RegKeyVault;
  policy: BillingPolicy;
  payments: PaymentProviders<Pick<PaymentGateway, "expireRegKey">>;
}

export function createOrderFulfilment(deps: FulfilmentDeps): OrderFulfilment {
  return {
    async refusalBeforeConfirm(order) {
      if (order.kind === "ONE_TIME") return null;
      const subscription = order.subscriptionId
        ? await findSubscription(deps.db, order.subscriptionId)
        : null;
      const expected = order.kind === "SUBSCRIPTION_START" ? "INCOMPLETE" : "NEEDS_REBIND";
      if (subscription?.status === expected) return null;
      return "This subscription is no longer waiting for this payment, so it was not confirmed. Nothing was charged.";
    },

    async purchaseOf(order, payment): Promise<OrderPurchase> {
      const { timeZone } = deps.policy;
      if (order.kind === "ONE_TIME") {
        const { durationDays } = order.plan;
        return { kind: "grant-pass", userId: order.userId, durationDays, timeZone };
      }
      const subscription = await findSubscription(deps.db, order.subscriptionId ?? "");
      if (!subscription) throw new Error(`Order ${order.orderId} has no subscription`);
      const { id, interval, amountMinor, currency } = subscription;
      const sealed = payment.regKey ? deps.vault.seal(id, payment.regKey) : null;
      if (order.kind === "SUBSCRIPTION_START") {
        // Without a regKey (confirm answer lost, settled via payment details) the first renewal
        // asks the shopper to re-approve instead of failing silently.
        return {
          kind: "first-period",
          subscriptionId: id,
          userId: subscription.userId,
          interval,
          amountMinor,
          currency,
          timeZone,
          regKey: sealed,
          actor: ACTOR,
          reason: "First period paid with LINE Pay (preapproved)",
        };
      }
      if (!subscription.anchorAt) throw new Error(`Subscription ${id} has no anchor`);
      const periodIndex = subscription.currentPeriodIndex + 1;
      const bounds = scheduledPeriodBounds(
        { ...subscription, anchorAt: subscription.anchorAt },
        periodIndex,
        deps.policy.timeZone,
      );
      return {
        kind: "rebind-period",
        period: { subscriptionId: id, periodIndex, ...bounds, amountMinor, currency },
        regKey: sealed,
        replacedRegKeyCiphertext: subscription.regKeyCiphertext,
        provider: subscription.provider,
        actor: ACTOR,
        reason: "Shopper re-approved LINE Pay; due period paid",
      };
    },

    async afterPaid(purchase) {
      if (purchase.kind !== "rebind-period" || !purchase.replacedRegKeyCiphertext) return;
      // The old regKey is expired only now that the new one is stored: never a moment without one.
      const { subscriptionId } = purchase.period;
      const oldRegKey = deps.vault.open(subscriptionId, purchase.replacedRegKeyCiphertext);
      await deps.payments
        .gatewayFor(purchase.provider)
        .expireRegKey(oldRegKey, { subscriptionId })
        .catch(() => {
          // Best effort: a dead or already-expired key is the usual reason we are re-binding at all.
        });
    },
  };
}
