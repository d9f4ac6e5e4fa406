// Applies what a paid order bought: a one-time VIP pass, the first period of a new subscription
// (storing its sealed regKey), or the due period of a re-bound subscription (swapping regKeys and
// expiring the old one at LINE Pay only after the new one is safely stored).
import type { Db } from "@/lib/db/client";
import { grantEntitlement } from "@/lib/db/entitlement-repository";
import { applySubscriptionTransition, findSubscription, type DbTx, type SubscriptionRecord } from "@/lib/db/subscription-repository";
import type { BillingPolicy } from "@/lib/billing/billing-policy";
import { periodBounds } from "@/lib/billing/billing-period";
import type { OrderFulfilment } from "@/lib/checkout/order-fulfilment";
import type { PaymentGateway } from "@/lib/checkout/payment-gateway";
import type { RegKeyVault } from "./regkey-vault";

const ACTOR = "system:confirm";

export interface FulfilmentDeps {
  db: Db;
  vault: RegKeyVault;
  policy: BillingPolicy;
  gateway: Pick<PaymentGateway, "expireRegKey">;
}

export function createOrderFulfilment(deps: FulfilmentDeps): OrderFulfilment {
  return {
    async refusalBeforeConfirm(order) {
      if (order.kind === "ONE_TIME") return null;
      const subscription = order.subscriptionId ? await findSubscription(deps.db, order.subscriptionId) : null;
      const expected = order.kind === "SUBSCRIPTION_START" ? "INCOMPLETE" : "NEEDS_REBIND";
      if (subscription?.status === expected) return null;
      return "This subscription is no longer waiting for this payment, so it was not confirmed. Nothing was charged.";
    },

    effectOfPayment(order, payment) {
      return async (tx) => {
        if (order.kind === "ONE_TIME") {
          await grantEntitlement(tx, { userId: order.userId, orderRowId: order.id, durationDays: order.plan.durationDays, now: payment.now });
          return;
        }
        const subscription = await findSubscription(tx, order.subscriptionId ?? "");
        if (!subscription) throw new Error(`Order ${order.orderId} has no subscription`);
        if (order.kind === "SUBSCRIPTION_START") {
          await payFirstPeriod(tx, deps, subscription, order.id, payment);
          return;
        }
        return payRebindPeriod(tx, deps, subscription, order.id, payment);
      };
    },
  };
}

async function payFirstPeriod(tx: DbTx, deps: FulfilmentDeps, subscription: SubscriptionRecord, orderRowId: string, payment: { regKey: string | null; now: Date }) {
  const anchorAt = payment.now;
  const { startsAt, endsAt } = periodBounds(anchorAt, subscription.interval, 0, deps.policy.timeZone);
  await tx.billingPeriod.create({
    data: { subscriptionId: subscription.id, periodIndex: 0, startsAt, endsAt, amountMinor: subscription.amountMinor, currency: subscription.currency, status: "PAID", paidAt: payment.now, paidByOrderId: orderRowId },
  });
  // Without a regKey (confirm answer lost, settled via payment details) the first renewal asks the
  // shopper to re-approve instead of failing silently.
  const sealed = payment.regKey ? deps.vault.seal(subscription.id, payment.regKey) : {};
  await applySubscriptionTransition(tx, {
    id: subscription.id,
    from: "INCOMPLETE",
    to: "ACTIVE",
    actor: ACTOR,
    reason: "First period paid with LINE Pay (preapproved)",
    data: { ...sealed, anchorAt, currentPeriodIndex: 0, currentPeriodStart: startsAt, currentPeriodEnd: endsAt, nextActionAt: endsAt, graceUntil: null },
  });
}

async function payRebindPeriod(tx: DbTx, deps: FulfilmentDeps, subscription: SubscriptionRecord, orderRowId: string, payment: { regKey: string | null; now: Date }) {
  if (!subscription.anchorAt) throw new Error(`Subscription ${subscription.id} has no anchor`);
  const periodIndex = subscription.currentPeriodIndex + 1;
  const { startsAt, endsAt } = periodBounds(subscription.anchorAt, subscription.interval, periodIndex, deps.policy.timeZone);
  const paid = { status: "PAID" as const, paidAt: payment.now, paidByOrderId: orderRowId };
  await tx.billingPeriod.upsert({
    where: { subscriptionId_periodIndex: { subscriptionId: subscription.id, periodIndex } },
    update: paid,
    create: { subscriptionId: subscription.id, periodIndex, startsAt, endsAt, amountMinor: subscription.amountMinor, currency: subscription.currency, ...paid },
  });
  const oldCiphertext = subscription.regKeyCiphertext;
  const sealed = payment.regKey ? deps.vault.seal(subscription.id, payment.regKey) : { regKeyCiphertext: null, regKeyKeyId: null, regKeyHint: null };
  await applySubscriptionTransition(tx, {
    id: subscription.id,
    from: "NEEDS_REBIND",
    to: "ACTIVE",
    actor: ACTOR,
    reason: "Shopper re-approved LINE Pay; due period paid",
    data: { ...sealed, currentPeriodIndex: periodIndex, currentPeriodStart: startsAt, currentPeriodEnd: endsAt, nextActionAt: endsAt, graceUntil: null },
  });
  if (!oldCiphertext) return;
  // The old regKey is expired only now that the new one is stored: never a moment without one.
  return async () => {
    const oldRegKey = deps.vault.open(subscription.id, oldCiphertext);
    await deps.gateway.expireRegKey(oldRegKey, { subscriptionId: subscription.id }).catch(() => {
      // Best effort: a dead or already-expired key is the usual reason we are re-binding at all.
    });
  };
}
