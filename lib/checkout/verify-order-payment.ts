// Settles an order whose outcome we do not know by asking LINE Pay what actually happened.
// Money is only ever recorded as paid when LINE Pay shows a capture of exactly the order amount.
// Also settles an AUTHORIZED order whose capture or void answer was lost, or that LINE Pay let expire.
import type { Db } from "@/lib/db/client";
import {
  findOrderByMerchantOrderId,
  transitionOrder,
  type OrderRecord,
  type OrderView,
} from "@/lib/db/order-repository";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { PaymentGateway, ProviderPaymentState } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { payOrder } from "./pay-order";
import { statusReason } from "@/lib/billing/status-reason";

type VerifyDeps = {
  db: Db;
  payments: PaymentProviders<PaymentGateway>;
  fulfilment: OrderFulfilment;
  now: () => Date;
};

const sameMoney = (state: { amountMinor: number; currency: string }, order: OrderView) =>
  state.amountMinor === order.amountMinor && state.currency === order.currency;

/** What a verification found: settled (the order moved), or why it is still open. */
export type VerificationFinding =
  "settled" | "unreachable" | "amount_differs" | "approved_not_confirmed" | "still_open";

export async function verifyOrderPayment(
  deps: VerifyDeps,
  order: OrderView,
  actor: string,
): Promise<OrderRecord> {
  return (await verifyOrderPaymentExplained(deps, order, actor)).order;
}

export async function verifyOrderPaymentExplained(
  deps: VerifyDeps,
  order: OrderView,
  actor: string,
): Promise<{ order: OrderRecord; finding: VerificationFinding }> {
  if ((order.status !== "UNKNOWN" && order.status !== "AUTHORIZED") || !order.transactionId)
    return { order, finding: "still_open" };
  let state: ProviderPaymentState;
  try {
    state = await deps.payments
      .gatewayFor(order.provider)
      .lookupPayment(order.transactionId, { orderRowId: order.id });
  } catch {
    return { order, finding: "unreachable" }; // LINE Pay unreachable: stay as we are and try again later; never guess.
  }
  const from = order.status;
  const settled = (next: OrderRecord) => ({ order: next, finding: "settled" as const });
  if (state.kind === "captured") {
    // Captured amount differs from the order: a human must look; grant nothing.
    if (!sameMoney(state, order)) return { order, finding: "amount_differs" };
    const now = deps.now();
    // Payment details carry no regKey: a subscription settled this way is asked to re-approve later.
    return settled(
      await payOrder(deps, order, {
        from,
        actor,
        reason: statusReason("checkout.details_captured"),
        now,
        regKey: null,
      }),
    );
  }
  if (from === "UNKNOWN" && state.kind === "authorized") {
    if (!sameMoney(state, order)) return { order, finding: "amount_differs" };
    return settled(
      await transitionOrder(deps.db, {
        at: deps.now(),
        id: order.id,
        from,
        to: "AUTHORIZED",
        actor,
        reason: statusReason("checkout.details_authorized"),
      }),
    );
  }
  if (
    from === "AUTHORIZED" &&
    (state.kind === "authorization_voided" || state.kind === "authorization_expired")
  ) {
    const to = state.kind === "authorization_voided" ? "VOIDED" : "EXPIRED";
    return settled(
      await transitionOrder(deps.db, {
        at: deps.now(),
        id: order.id,
        from,
        to,
        actor,
        reason: statusReason(
          to === "VOIDED" ? "checkout.authorization_voided" : "checkout.authorization_expired",
        ),
      }),
    );
  }
  if (from === "UNKNOWN" && (state.kind === "cancelled" || state.kind === "failed")) {
    return settled(
      await transitionOrder(deps.db, {
        at: deps.now(),
        id: order.id,
        from,
        to: "FAILED",
        actor,
        reason: statusReason(
          state.kind === "cancelled" ? "checkout.reported_cancelled" : "checkout.reported_failed",
        ),
        data: { failureMessage: `LINE Pay reports the payment ${state.kind}` },
      }),
    );
  }
  const latest = (await findOrderByMerchantOrderId(deps.db, order.orderId)) ?? order;
  // The shopper's approval stands but no confirm took effect: only a new confirm settles it.
  return {
    order: latest,
    finding:
      from === "UNKNOWN" && state.kind === "approved_not_confirmed"
        ? "approved_not_confirmed"
        : "still_open",
  };
}
