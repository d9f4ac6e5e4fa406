// Settles an order whose outcome we do not know by asking LINE Pay what actually happened.
// Money is only ever recorded as paid when LINE Pay shows a capture of exactly the order amount.
import type { Db } from "@/lib/db/client";
import { findOrderByMerchantOrderId, markOrderPaid, transitionOrder, type OrderRecord, type OrderView } from "@/lib/db/order-repository";
import type { OrderFulfilment } from "./order-fulfilment";
import type { PaymentGateway } from "./payment-gateway";

export async function verifyOrderPayment(
  deps: { db: Db; gateway: PaymentGateway; fulfilment: OrderFulfilment; now: () => Date },
  order: OrderView,
  actor: string,
): Promise<OrderRecord> {
  if (order.status !== "UNKNOWN" || !order.transactionId) return order;
  let state;
  try {
    state = await deps.gateway.lookupPayment(order.transactionId, { orderRowId: order.id });
  } catch {
    return order; // LINE Pay unreachable: stay UNKNOWN and try again later; never guess.
  }
  if (state.kind === "captured") {
    if (state.amountMinor !== order.amountMinor || state.currency !== order.currency) {
      return order; // Captured amount differs from the order: a human must look; grant nothing.
    }
    const now = deps.now();
    // Payment details carry no regKey: a subscription settled this way is asked to re-approve later.
    return markOrderPaid(
      deps.db,
      { id: order.id, from: "UNKNOWN", actor, reason: "LINE Pay payment details show the payment captured", now },
      deps.fulfilment.effectOfPayment(order, { regKey: null, now }),
    );
  }
  if (state.kind === "cancelled" || state.kind === "failed") {
    return transitionOrder(deps.db, {
      id: order.id,
      from: "UNKNOWN",
      to: "FAILED",
      actor,
      reason: `LINE Pay reports the payment ${state.kind}; nothing was charged`,
      data: { failureMessage: `LINE Pay reports the payment ${state.kind}` },
    });
  }
  return (await findOrderByMerchantOrderId(deps.db, order.orderId)) ?? order;
}
