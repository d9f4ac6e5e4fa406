// Marks an order PAID together with what it bought: the fulfilment computes the purchase as plain
// data, the repository applies it in the transaction that marks the order PAID, and whatever must
// wait for that commit (expiring a replaced regKey) runs after it.
import type { Db } from "@/lib/db/client";
import { markOrderPaid, type OrderRecord, type OrderView } from "@/lib/db/order-repository";
import type { OrderStatus } from "@/lib/billing/order-status";
import { SubscriptionStateConflictError } from "@/lib/db/subscription-repository";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { StatusReason } from "@/lib/billing/status-reason";

export async function payOrder(
  deps: { db: Db; fulfilment: OrderFulfilment },
  order: OrderView,
  input: {
    from: OrderStatus;
    actor: string;
    actorLabel?: string;
    reason: StatusReason;
    now: Date;
    regKey: string | null;
  },
): Promise<OrderRecord> {
  const { regKey, now, ...transition } = input;
  for (let attempt = 1; ; attempt++) {
    const purchase = await deps.fulfilment.purchaseOf(order, { regKey, now });
    let paid: OrderRecord;
    try {
      paid = await markOrderPaid(deps.db, { id: order.id, now, ...transition }, purchase);
    } catch (error) {
      // The subscription changed between reading it and the PAID transaction: compute again from
      // what it is now (a charge that can no longer be applied becomes a refund, never a loss).
      if (error instanceof SubscriptionStateConflictError && attempt < 3) continue;
      throw error;
    }
    await deps.fulfilment.afterPaid(purchase);
    return paid;
  }
}
