// Marks an order PAID together with what it bought: the fulfilment computes the purchase as plain
// data, the repository applies it in the transaction that marks the order PAID, and whatever must
// wait for that commit (expiring a replaced regKey) runs after it.
import type { Db } from "@/lib/db/client";
import { markOrderPaid, type OrderRecord, type OrderView } from "@/lib/db/order-repository";
import type { OrderStatus } from "@/lib/billing/order-status";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";

export async function payOrder(
  deps: { db: Db; fulfilment: OrderFulfilment },
  order: OrderView,
  input: {
    from: OrderStatus;
    actor: string;
    actorLabel?: string;
    reason: string;
    now: Date;
    regKey: string | null;
  },
): Promise<OrderRecord> {
  const { regKey, now, ...transition } = input;
  const purchase = await deps.fulfilment.purchaseOf(order, { regKey, now });
  const paid = await markOrderPaid(deps.db, { id: order.id, now, ...transition }, purchase);
  await deps.fulfilment.afterPaid(purchase);
  return paid;
}
