// Handles LINE Pay's redirect to cancelUrl. The URL can be opened by anyone who knows it, so the
// order is only closed after LINE Pay itself says the shopper did not pay.
import type { Db } from "@/lib/db/client";
import {
  findOrderView,
  transitionOrder,
  type OrderRecord,
  type OrderView,
} from "@/lib/db/order-repository";
import { CheckoutError } from "./checkout-error";
import { payOrder } from "./pay-order";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { PaymentGateway, ProviderPaymentState } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { statusReason } from "@/lib/billing/status-reason";

const ACTOR = "system:cancel";

export async function cancelCheckout(
  deps: {
    db: Db;
    payments: PaymentProviders<PaymentGateway>;
    fulfilment: OrderFulfilment;
    now: () => Date;
  },
  input: { orderId: string; transactionId: string | null },
): Promise<OrderRecord> {
  const order = await findOrderView(deps.db, input.orderId);
  if (!order) throw new CheckoutError(404, "order_not_found", "We have no order with that number.");
  if (input.transactionId !== null && order.transactionId !== input.transactionId) {
    throw new CheckoutError(
      400,
      "link_mismatch",
      "This link does not match the order. Nothing was changed.",
      order.orderId,
    );
  }
  if (order.status !== "PENDING" || !order.transactionId) return order;

  let state;
  try {
    state = await deps.payments
      .gatewayFor(order.provider)
      .lookupPayment(order.transactionId, { orderRowId: order.id });
  } catch {
    return order; // Cannot ask LINE Pay now; nothing is charged without our confirm, so leave it.
  }
  // Still waiting for, or already past, the shopper's approval: this cancel link did not come from
  // a cancellation on the payment page (a forged or stale link), so the order stays as it is.
  return (await closePendingOrder(deps, order, state, ACTOR)) ?? order;
}

type CloseDeps = { db: Db; fulfilment: OrderFulfilment; now: () => Date };

/**
 * Settles a PENDING order from LINE Pay's own view of its payment: cancelled or failed closes it,
 * a capture (which our confirm did not make) pays it. Null when LINE Pay's answer settles nothing
 * (the shopper is still on the payment page, or approved and waits for our confirm).
 */
export async function closePendingOrder(
  deps: CloseDeps,
  order: OrderView,
  state: ProviderPaymentState,
  actor: string,
): Promise<OrderRecord | null> {
  if (state.kind === "captured") {
    // Should not happen with capture-on-confirm, but if LINE Pay holds the money the shopper gets VIP.
    await transitionOrder(deps.db, {
      at: deps.now(),
      id: order.id,
      from: "PENDING",
      to: "CONFIRMING",
      actor,
      reason: statusReason("checkout.capture_seen"),
    });
    const now = deps.now();
    return payOrder(deps, order, {
      from: "CONFIRMING",
      actor,
      reason: statusReason("checkout.capture_seen"),
      now,
      regKey: null,
    });
  }
  if (state.kind !== "cancelled" && state.kind !== "failed") return null;
  return transitionOrder(deps.db, {
    at: deps.now(),
    id: order.id,
    from: "PENDING",
    to: state.kind === "failed" ? "FAILED" : "CANCELED",
    actor,
    reason: statusReason(
      state.kind === "failed" ? "checkout.payment_failed" : "checkout.page_cancelled",
    ),
  });
}
