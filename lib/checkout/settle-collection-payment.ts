// Applies a payment SinoPac confirmed (by OrderPayQuery for a token, or OrderQuery for the
// reconciliation job) to a PENDING order: claimed through CONFIRMING, checked against the order's own
// amount, then PAID with its purchase through the same fulfilment as LINE Pay (one VIP timeline).
import type { Db } from "@/lib/db/client";
import {
  findOrderView,
  OrderStateConflictError,
  transitionOrder,
  type OrderRecord,
  type OrderView,
} from "@/lib/db/order-repository";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import { isDeclinedCardOrder } from "./decline-card-order";
import { payOrder } from "./pay-order";
import { statusReason } from "@/lib/billing/status-reason";
import { englishReason } from "@/lib/i18n/status-reason-text";

export type PaymentSettlement = {
  kind: "paid" | "unchanged" | "needs_attention";
  order: OrderRecord;
};

export async function settleCollectionPayment(
  deps: { db: Db; fulfilment: OrderFulfilment; now: () => Date },
  order: OrderView,
  result: { amountMinor: number; currency: string },
  input: { actor: string; source: string },
): Promise<PaymentSettlement> {
  // A replay, or already settled; a declined card order may still be paid on the bank's page.
  if (order.status !== "PENDING" && !isDeclinedCardOrder(order))
    return { kind: "unchanged", order };
  const at = deps.now();
  try {
    await transitionOrder(deps.db, {
      at,
      id: order.id,
      from: order.status === "PENDING" ? "PENDING" : "FAILED",
      to: "CONFIRMING",
      actor: input.actor,
      reason: statusReason("sinopac.reported"),
      // A late payment after a decline: the failure no longer describes the order.
      data: order.status === "FAILED" ? { failureCode: null, failureMessage: null } : undefined,
    });
  } catch (error) {
    if (error instanceof OrderStateConflictError)
      return { kind: "unchanged", order: (await findOrderView(deps.db, order.orderId)) ?? order };
    throw error;
  }
  if (result.amountMinor !== order.amountMinor || result.currency !== order.currency) {
    const reason = statusReason("sinopac.amount_mismatch", {
      paid: result.amountMinor,
      paidCurrency: result.currency,
      amount: order.amountMinor,
      currency: order.currency,
    });
    const unknown = await transitionOrder(deps.db, {
      at,
      id: order.id,
      from: "CONFIRMING",
      to: "UNKNOWN",
      actor: input.actor,
      reason,
      data: { failureCode: "AMOUNT_MISMATCH", failureMessage: englishReason(reason) },
    });
    return { kind: "needs_attention", order: unknown };
  }
  try {
    const paid = await payOrder(deps, order, {
      from: "CONFIRMING",
      actor: input.actor,
      reason: statusReason("sinopac.confirmed", { source: input.source }),
      now: at,
      regKey: null,
    });
    return { kind: "paid", order: paid };
  } catch (error) {
    // The bank took the money but the purchase could not be applied: keep it visible as UNKNOWN.
    const reason = statusReason("sinopac.charged_not_applied", {
      detail: error instanceof Error ? error.message : "error",
    });
    const unknown = await transitionOrder(deps.db, {
      at,
      id: order.id,
      from: "CONFIRMING",
      to: "UNKNOWN",
      actor: input.actor,
      reason,
      data: { failureCode: null, failureMessage: englishReason(reason) },
    });
    return { kind: "needs_attention", order: unknown };
  }
}
