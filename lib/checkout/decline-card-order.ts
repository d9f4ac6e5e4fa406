// A SinoPac card payment the bank definitively declined (OrderPayQuery: TSResultContent "F") ends
// its order at once as FAILED, nothing charged, rather than waiting for the reconciliation job to
// expire it. The bank may still take a later payment on the same card page (the shopper going back
// and trying another card): such an order stays payable (FAILED -> CONFIRMING -> PAID), so that
// money is never lost.
import {
  OrderStateConflictError,
  findOrderView,
  transitionOrder,
  type OrderRecord,
  type OrderView,
} from "@/lib/db/order-repository";
import type { Db } from "@/lib/db/client";
import { statusReason } from "@/lib/billing/status-reason";

export const CARD_DECLINED = "CARD_DECLINED";
const DECLINED_MESSAGE = "The bank declined the card. Nothing was charged.";

/** A card order (no transfer account) of a bank collection provider. */
export function isCollectionCardOrder(order: OrderView): boolean {
  return order.provider === "SINOPAC" && order.providerAccount === null;
}

/** An order failed by a card decline, which a later payment the bank reports may still settle. */
export function isDeclinedCardOrder(order: Pick<OrderView, "status" | "failureCode">): boolean {
  return order.status === "FAILED" && order.failureCode === CARD_DECLINED;
}

/** PENDING -> FAILED for a declined card order; anything else is left as it is. */
export async function declineCardOrder(
  deps: { db: Db; now: () => Date },
  order: OrderView,
  input: { actor: string },
): Promise<{ changed: boolean; order: OrderRecord }> {
  if (order.status !== "PENDING" || !isCollectionCardOrder(order)) return { changed: false, order };
  try {
    const failed = await transitionOrder(deps.db, {
      at: deps.now(),
      id: order.id,
      from: "PENDING",
      to: "FAILED",
      actor: input.actor,
      reason: statusReason("sinopac.card_declined"),
      data: { failureCode: CARD_DECLINED, failureMessage: DECLINED_MESSAGE },
    });
    return { changed: true, order: failed };
  } catch (error) {
    if (!(error instanceof OrderStateConflictError)) throw error;
    return { changed: false, order: (await findOrderView(deps.db, order.orderId)) ?? order };
  }
}
