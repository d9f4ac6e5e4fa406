// Settles an order whose outcome we do not know by asking LINE Pay what actually happened.
// Money is only ever recorded as paid when LINE Pay shows a capture of exactly the order amount.
// Also settles an AUTHORIZED order whose capture or void answer was lost, or that LINE Pay let expire.
import type { Db } from "@/lib/db/client";
import { findOrderByMerchantOrderId, markOrderPaid, transitionOrder, type OrderRecord, type OrderView } from "@/lib/db/order-repository";
import type { OrderFulfilment } from "./order-fulfilment";
import type { PaymentGateway, ProviderPaymentState } from "./payment-gateway";

type VerifyDeps = { db: Db; gateway: PaymentGateway; fulfilment: OrderFulfilment; now: () => Date };

const sameMoney = (state: { amountMinor: number; currency: string }, order: OrderView) =>
  state.amountMinor === order.amountMinor && state.currency === order.currency;

export async function verifyOrderPayment(deps: VerifyDeps, order: OrderView, actor: string): Promise<OrderRecord> {
  if ((order.status !== "UNKNOWN" && order.status !== "AUTHORIZED") || !order.transactionId) return order;
  let state: ProviderPaymentState;
  try {
    state = await deps.gateway.lookupPayment(order.transactionId, { orderRowId: order.id });
  } catch {
    return order; // LINE Pay unreachable: stay as we are and try again later; never guess.
  }
  const from = order.status;
  if (state.kind === "captured") {
    if (!sameMoney(state, order)) return order; // Captured amount differs from the order: a human must look; grant nothing.
    const now = deps.now();
    // Payment details carry no regKey: a subscription settled this way is asked to re-approve later.
    return markOrderPaid(
      deps.db,
      { id: order.id, from, actor, reason: "LINE Pay payment details show the payment captured", now },
      deps.fulfilment.effectOfPayment(order, { regKey: null, now }),
    );
  }
  if (from === "UNKNOWN" && state.kind === "authorized" && sameMoney(state, order)) {
    return transitionOrder(deps.db, { id: order.id, from, to: "AUTHORIZED", actor, reason: "LINE Pay payment details show the amount authorized, not captured" });
  }
  if (from === "AUTHORIZED" && (state.kind === "authorization_voided" || state.kind === "authorization_expired")) {
    const to = state.kind === "authorization_voided" ? "VOIDED" : "EXPIRED";
    return transitionOrder(deps.db, { id: order.id, from, to, actor, reason: `LINE Pay reports the authorization ${to === "VOIDED" ? "voided" : "expired"}; nothing was charged` });
  }
  if (from === "UNKNOWN" && (state.kind === "cancelled" || state.kind === "failed")) {
    return transitionOrder(deps.db, {
      id: order.id,
      from,
      to: "FAILED",
      actor,
      reason: `LINE Pay reports the payment ${state.kind}; nothing was charged`,
      data: { failureMessage: `LINE Pay reports the payment ${state.kind}` },
    });
  }
  return (await findOrderByMerchantOrderId(deps.db, order.orderId)) ?? order;
}
