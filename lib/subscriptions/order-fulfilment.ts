// What a paid order buys: a one-time VIP pass, the first period of a new subscription (storing its
// sealed regKey), or the due period of a re-bound subscription (swapping regKeys and expiring the
// old one at LINE Pay only after the new one is safely stored). Computed here as plain data; the
// order repository applies it in the transaction that marks the order PAID.
import type { Db } from "@/lib/db/client";
import { findSubscription } from "@/lib/db/subscription-repository";
import type { BillingPolicy } from "@/lib/billing/billing-policy";
import { rebindChargeOf } from "@/lib/billing/rebind-charge";
import type { OrderPurchase } from "@/lib/billing/order-purchase";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { PaymentGateway, RefundGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { RegKeyVault } from "./regkey-vault";
import { refundUnappliedCharge } from "./refund-unapplied-charge";
import { statusReason } from "@/lib/billing/status-reason";

const ACTOR = "system:confirm";

export interface FulfilmentDeps {
  db: Db;
  vault: RegKeyVault;
  policy: BillingPolicy;
  payments: PaymentProviders<Pick<PaymentGateway, "expireRegKey"> & RefundGateway>;
  now: () => Date;
}

/** A re-bind order pays only while its subscription waits for it (older ones: for any re-bind). */
function isAwaitedRebind(
  subscription: { status: string; rebindOrderId: string | null },
  orderRowId: string,
): boolean {
  return (
    subscription.status === "NEEDS_REBIND" &&
    (subscription.rebindOrderId === null || subscription.rebindOrderId === orderRowId)
  );
}

export function createOrderFulfilment(deps: FulfilmentDeps): OrderFulfilment {
  return {
    async refusalBeforeConfirm(order) {
      if (order.kind === "ONE_TIME") return null;
      const subscription = order.subscriptionId
        ? await findSubscription(deps.db, order.subscriptionId)
        : null;
      if (order.kind === "SUBSCRIPTION_START" && subscription?.status === "INCOMPLETE") return null;
      if (
        order.kind === "SUBSCRIPTION_REBIND" &&
        subscription &&
        isAwaitedRebind(subscription, order.id)
      )
        return null;
      return statusReason("checkout.not_awaited");
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
          reason: statusReason("subscription.first_period_paid"),
        };
      }
      if (!isAwaitedRebind(subscription, order.id)) {
        return {
          kind: "refund-unapplied",
          orderRowId: order.id,
          merchantOrderId: order.orderId,
          amountMinor: order.amountMinor,
          subscriptionId: id,
          provider: order.provider,
          regKey: sealed,
          reason: statusReason("subscription.rebind_charge_refunded"),
        };
      }
      const period = rebindChargeOf(subscription, deps.policy.timeZone);
      if (!period) throw new Error(`Subscription ${id} has no anchor`);
      return {
        kind: "rebind-period",
        period,
        regKey: sealed,
        replacedRegKeyCiphertext: subscription.regKeyCiphertext,
        provider: subscription.provider,
        actor: ACTOR,
        reason: statusReason("subscription.rebind_paid"),
      };
    },

    async afterPaid(purchase) {
      if (purchase.kind === "refund-unapplied") return refundUnappliedCharge(deps, purchase);
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
