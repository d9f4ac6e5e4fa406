// Applies what a paid order bought (lib/billing/order-purchase.ts) inside the transaction that
// marks the order PAID. Only the invariants that must hold inside that transaction are checked
// here: the subscription is still in the status (and, for a re-bind, the period and stored regKey)
// the purchase was computed from; anything else is the fulfilment's decision.
import type { OrderPurchase } from "@/lib/billing/order-purchase";
import { grantEntitlement } from "./entitlement-repository";
import { applySubscriptionTransition, findSubscription, SubscriptionStateConflictError, type DbTx } from "./subscription-repository";

const NO_REGKEY = { regKeyCiphertext: null, regKeyKeyId: null, regKeyHint: null };

export async function applyOrderPurchase(tx: DbTx, paid: { orderRowId: string; now: Date }, purchase: OrderPurchase): Promise<void> {
  if (purchase.kind === "grant-pass") {
    await grantEntitlement(tx, { userId: purchase.userId, orderRowId: paid.orderRowId, durationDays: purchase.durationDays, now: paid.now });
    return;
  }
  const { period } = purchase;
  const subscription = await findSubscription(tx, period.subscriptionId);
  if (!subscription) throw new Error(`Subscription ${period.subscriptionId} does not exist`);
  const periodData = { status: "PAID" as const, paidAt: paid.now, paidByOrderId: paid.orderRowId };
  const current = { currentPeriodIndex: period.periodIndex, currentPeriodStart: period.startsAt, currentPeriodEnd: period.endsAt, nextActionAt: period.endsAt, graceUntil: null };
  if (purchase.kind === "first-period") {
    await tx.billingPeriod.create({ data: { ...period, ...periodData } });
    await applySubscriptionTransition(tx, {
      id: subscription.id,
      from: "INCOMPLETE",
      to: "ACTIVE",
      actor: purchase.actor,
      reason: purchase.reason,
      data: { ...(purchase.regKey ?? {}), anchorAt: purchase.anchorAt, ...current },
    });
    return;
  }
  if (subscription.currentPeriodIndex + 1 !== period.periodIndex || subscription.regKeyCiphertext !== purchase.replacedRegKeyCiphertext) {
    throw new SubscriptionStateConflictError(`Subscription ${subscription.id} changed while its re-bind payment was applied`);
  }
  await tx.billingPeriod.upsert({
    where: { subscriptionId_periodIndex: { subscriptionId: period.subscriptionId, periodIndex: period.periodIndex } },
    update: periodData,
    create: { ...period, ...periodData },
  });
  await applySubscriptionTransition(tx, {
    id: subscription.id,
    from: "NEEDS_REBIND",
    to: "ACTIVE",
    actor: purchase.actor,
    reason: purchase.reason,
    data: { ...(purchase.regKey ?? NO_REGKEY), ...current },
  });
}
