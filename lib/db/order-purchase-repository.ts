// Applies what a paid order bought (lib/billing/order-purchase.ts) inside the transaction that
// marks the order PAID. Only the invariants that must hold inside that transaction are checked
// here: the subscription is still in the status (and, for a re-bind, the period and stored regKey)
// the purchase was computed from; anything else is the fulfilment's decision.
import { randomUUID } from "node:crypto";
import type { OrderPurchase } from "@/lib/billing/order-purchase";
import { computeEntitlementWindow } from "@/lib/billing/entitlement-window";
import {
  applySubscriptionTransition,
  SubscriptionStateConflictError,
  type SqlTx,
} from "./subscription-transition";

const NO_REGKEY = { regKeyCiphertext: null, regKeyKeyId: null, regKeyHint: null };

export async function applyOrderPurchase(
  tx: SqlTx,
  paid: { orderRowId: string; now: Date },
  purchase: OrderPurchase,
): Promise<void> {
  // A charge that buys nothing is refunded after the commit (lib/subscriptions/order-fulfilment.ts).
  if (purchase.kind === "refund-unapplied") return;
  const stamp = new Date();
  if (purchase.kind === "grant-pass") {
    // A pass extends any access still running: the window starts at the latest end.
    const latest = await tx
      .selectFrom("Entitlement")
      .select("endsAt")
      .where("userId", "=", purchase.userId)
      .orderBy("endsAt", "desc")
      .executeTakeFirst();
    const window = computeEntitlementWindow({
      now: paid.now,
      durationDays: purchase.durationDays,
      currentAccessEndsAt: latest?.endsAt ?? null,
    });
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
    return;
  }
  const { period } = purchase;
  const subscription = await tx
    .selectFrom("Subscription")
    .selectAll()
    .where("id", "=", period.subscriptionId)
    .executeTakeFirst();
  if (!subscription) throw new Error(`Subscription ${period.subscriptionId} does not exist`);
  const paidPeriod = {
    status: "PAID" as const,
    paidAt: paid.now,
    paidByOrderId: paid.orderRowId,
    updatedAt: stamp,
  };
  const current = {
    currentPeriodIndex: period.periodIndex,
    currentPeriodStart: period.startsAt,
    currentPeriodEnd: period.endsAt,
    nextActionAt: period.endsAt,
    graceUntil: null,
  };
  const newPeriod = { id: randomUUID(), ...period, ...paidPeriod, createdAt: stamp };
  if (purchase.kind === "first-period") {
    await tx.insertInto("BillingPeriod").values(newPeriod).execute();
    await applySubscriptionTransition(
      tx,
      {
        id: subscription.id,
        from: "INCOMPLETE",
        to: "ACTIVE",
        actor: purchase.actor,
        reason: purchase.reason,
        data: { ...(purchase.regKey ?? {}), anchorAt: purchase.anchorAt, ...current },
      },
      stamp,
    );
    return;
  }
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
