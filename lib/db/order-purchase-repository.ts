// Applies what a paid order bought (lib/billing/order-purchase.ts) inside the transaction that
// marks the order PAID. Only the invariants that must hold inside that transaction are checked
// here: the subscription is still in the status (and, for a re-bind, the period and stored regKey)
// the purchase was computed from; anything else is the fulfilment's decision.
import { randomUUID } from "node:crypto";
import type { OrderPurchase } from "@/lib/billing/order-purchase";
import { placeFirstPeriod, placePass } from "@/lib/billing/vip-timeline";
import {
  applySubscriptionTransition,
  SubscriptionStateConflictError,
  type SqlTx,
} from "./subscription-transition";
import {
  findOwnedTimeEnd,
  lockShopperTimeline,
  moveSchedulesAfter,
} from "./vip-timeline-repository";
import { statusReason } from "@/lib/billing/status-reason";

const NO_REGKEY = { regKeyCiphertext: null, regKeyKeyId: null, regKeyHint: null };

export async function applyOrderPurchase(
  tx: SqlTx,
  paid: { orderRowId: string; now: Date },
  purchase: OrderPurchase,
): Promise<void> {
  // A charge that buys nothing is refunded after the commit (lib/subscriptions/order-fulfilment.ts).
  if (purchase.kind === "refund-unapplied") return;
  const stamp = paid.now;
  if (purchase.kind === "grant-pass") {
    await lockShopperTimeline(tx, purchase.userId);
    const ownedEnd = await findOwnedTimeEnd(tx, purchase.userId, paid.now);
    const window = placePass(paid.now, ownedEnd, purchase.durationDays);
    await tx
      .insertInto("Entitlement")
      .values({
        id: randomUUID(),
        userId: purchase.userId,
        orderId: paid.orderRowId,
        ...window,
        createdAt: stamp,
      })
      .execute();
    await moveSchedulesAfter(
      tx,
      {
        userId: purchase.userId,
        ownedEnd: window.endsAt,
        timeZone: purchase.timeZone,
        actor: "system:confirm",
        reason: statusReason("subscription.pass_bought"),
      },
      stamp,
    );
    return;
  }
  const paidPeriod = {
    status: "PAID" as const,
    paidAt: paid.now,
    paidByOrderId: paid.orderRowId,
    updatedAt: stamp,
  };
  const currentOf = (period: { periodIndex: number; startsAt: Date; endsAt: Date }) => ({
    currentPeriodIndex: period.periodIndex,
    currentPeriodStart: period.startsAt,
    currentPeriodEnd: period.endsAt,
    nextActionAt: period.endsAt,
    graceUntil: null,
  });
  if (purchase.kind === "first-period") {
    await lockShopperTimeline(tx, purchase.userId);
    const { subscriptionId, interval, timeZone } = purchase;
    const ownedEnd = await findOwnedTimeEnd(tx, purchase.userId, paid.now, subscriptionId);
    const bounds = placeFirstPeriod(paid.now, ownedEnd, interval, timeZone);
    const period = {
      subscriptionId,
      periodIndex: 0,
      ...bounds,
      amountMinor: purchase.amountMinor,
      currency: purchase.currency,
    };
    await tx
      .insertInto("BillingPeriod")
      .values({ id: randomUUID(), ...period, ...paidPeriod, createdAt: stamp })
      .execute();
    await applySubscriptionTransition(
      tx,
      {
        id: subscriptionId,
        from: "INCOMPLETE",
        to: "ACTIVE",
        actor: purchase.actor,
        reason: purchase.reason,
        data: {
          ...(purchase.regKey ?? {}),
          anchorAt: bounds.startsAt,
          anchorPeriodIndex: 0,
          ...currentOf(period),
        },
      },
      stamp,
    );
    return;
  }
  const { period } = purchase;
  const subscription = await tx
    .selectFrom("Subscription")
    .selectAll()
    .where("id", "=", period.subscriptionId)
    .executeTakeFirst();
  if (!subscription) throw new Error(`Subscription ${period.subscriptionId} does not exist`);
  const current = currentOf(period);
  const newPeriod = { id: randomUUID(), ...period, ...paidPeriod, createdAt: stamp };
  const isSameRebind =
    subscription.currentPeriodIndex + 1 === period.periodIndex &&
    subscription.regKeyCiphertext === purchase.replacedRegKeyCiphertext &&
    (subscription.rebindOrderId === null || subscription.rebindOrderId === paid.orderRowId);
  if (!isSameRebind) {
    throw new SubscriptionStateConflictError(
      `Subscription ${subscription.id} changed while its re-bind payment was applied`,
    );
  }
  await tx
    .insertInto("BillingPeriod")
    .values(newPeriod)
    .onConflict((conflict) =>
      conflict.columns(["subscriptionId", "periodIndex"]).doUpdateSet(paidPeriod),
    )
    .execute();
  await applySubscriptionTransition(
    tx,
    {
      id: subscription.id,
      from: "NEEDS_REBIND",
      to: "ACTIVE",
      actor: purchase.actor,
      reason: purchase.reason,
      data: { ...(purchase.regKey ?? NO_REGKEY), ...current, rebindOrderId: null },
    },
    stamp,
  );
}
