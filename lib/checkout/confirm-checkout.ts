// Handles LINE Pay's redirect to confirmUrl. Reaching it only means the shopper approved; money
// moves when our Confirm call succeeds. The amount confirmed is always the one stored on the
// order, never anything from the URL, and a claimed status guarantees one Confirm per order.
import {
  OrderStateConflictError,
  findOrderView,
  transitionOrder,
  type OrderRecord,
  type OrderView,
} from "@/lib/db/order-repository";
import { claimRebindOrder } from "@/lib/db/rebind-order-repository";
import { CheckoutError } from "./checkout-error";
import { payOrder } from "./pay-order";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import { recordDecline, recordUnknownOutcome } from "@/lib/observability/metrics";
import type { CheckoutDeps } from "./start-checkout";
import { verifyOrderPayment } from "./verify-order-payment";
import { statusReason } from "@/lib/billing/status-reason";
import type { StatusReason } from "@/lib/billing/status-reason";
import { englishReason } from "@/lib/i18n/status-reason-text";

const ACTOR = "system:confirm";

export type ConfirmCheckoutDeps = Omit<CheckoutDeps, "appBaseUrl">;

export async function confirmCheckout(
  deps: ConfirmCheckoutDeps,
  input: { orderId: string; transactionId: string },
  /** Who confirms: the shopper's redirect, or the reconciliation job for a shopper who never came back. */
  actor = ACTOR,
): Promise<OrderRecord> {
  const order = await findOrderView(deps.db, input.orderId);
  if (!order) throw new CheckoutError(404, "order_not_found", "We have no order with that number.");
  if (order.transactionId !== input.transactionId) {
    // Nothing was confirmed through this link, but the order itself may be paid: its page says.
    throw new CheckoutError(
      400,
      "link_mismatch",
      "This payment link does not match the order; nothing was confirmed through it.",
      order.orderId,
    );
  }
  if (order.status === "UNKNOWN") return verifyOrderPayment(deps, order, actor);
  if (order.status !== "PENDING") return order; // Replays change nothing: show the order as it is.

  const refusal = await deps.fulfilment.refusalBeforeConfirm(order);
  if (refusal) return refuse(deps, order, actor, refusal);
  try {
    const claim = { at: deps.now(), actor, reason: statusReason("checkout.confirming") };
    if (order.kind === "SUBSCRIPTION_REBIND" && order.subscriptionId) {
      // The claim covers the subscription: only the re-bind order it waits for is confirmed.
      const isClaimed = await claimRebindOrder(deps.db, {
        orderRowId: order.id,
        subscriptionId: order.subscriptionId,
        ...claim,
      });
      if (!isClaimed) return refuse(deps, order, actor, REBIND_NOT_AWAITED);
    } else {
      await transitionOrder(deps.db, { id: order.id, from: "PENDING", to: "CONFIRMING", ...claim });
    }
  } catch (error) {
    if (error instanceof OrderStateConflictError)
      return (await findOrderView(deps.db, input.orderId)) ?? order;
    throw error;
  }
  return confirmClaimedOrder(deps, order, actor);
}

const REBIND_NOT_AWAITED = statusReason("checkout.rebind_not_awaited");

/** PENDING -> FAILED without calling LINE Pay: the approval is left to lapse, nothing charged. */
function refuse(
  deps: ConfirmCheckoutDeps,
  order: OrderView,
  actor: string,
  refusal: StatusReason,
): Promise<OrderRecord> {
  return transitionOrder(deps.db, {
    at: deps.now(),
    id: order.id,
    from: "PENDING",
    to: "FAILED",
    actor,
    reason: refusal,
    data: { failureMessage: englishReason(refusal) },
  }).catch((error: unknown) =>
    error instanceof OrderStateConflictError ? order : Promise.reject(error),
  );
}

/**
 * Reconciliation: an UNKNOWN order whose approval LINE Pay still shows unconfirmed (the earlier
 * confirm never took effect) is claimed back into CONFIRMING and confirmed once more.
 */
export async function reconfirmUnknownOrder(
  deps: ConfirmCheckoutDeps,
  order: OrderView,
  actor: string,
): Promise<OrderRecord> {
  await transitionOrder(deps.db, {
    at: deps.now(),
    id: order.id,
    from: "UNKNOWN",
    to: "CONFIRMING",
    actor,
    reason: statusReason("checkout.reconfirming"),
  });
  return confirmClaimedOrder(deps, order, actor);
}

async function confirmClaimedOrder(
  deps: ConfirmCheckoutDeps,
  order: OrderView,
  actor: string,
): Promise<OrderRecord> {
  const transactionId = order.transactionId as string;
  let regKey: string | null;
  try {
    ({ regKey } = await deps.payments
      .gatewayFor(order.provider)
      .confirmPayment(
        transactionId,
        { amountMinor: order.amountMinor, currency: order.currency },
        { orderRowId: order.id },
      ));
  } catch (error) {
    if (error instanceof PaymentGatewayError && error.outcome === "definitive") {
      recordDecline("confirm", order.provider);
      return transitionOrder(deps.db, {
        at: deps.now(),
        id: order.id,
        from: "CONFIRMING",
        to: "FAILED",
        actor,
        reason: error.code
          ? statusReason("checkout.confirm_declined_code", { code: error.code })
          : statusReason("checkout.confirm_declined"),
        data: { failureCode: error.code, failureMessage: error.message },
      });
    }
    // Timeout, duplicate-call code or an unexpected error: the money may have moved. Record UNKNOWN
    // and ask LINE Pay; a later verification settles it if LINE Pay cannot answer now.
    const code = error instanceof PaymentGatewayError ? error.code : null;
    recordUnknownOutcome("confirm", order.provider);
    const unknown = await markUnknown(
      deps,
      order,
      actor,
      code
        ? statusReason("checkout.confirm_unknown_code", { code, detail: messageOf(error) })
        : statusReason("checkout.confirm_unknown", { detail: messageOf(error) }),
      code,
    );
    return verifyOrderPayment(deps, { ...order, ...unknown }, actor);
  }
  if (order.kind === "ONE_TIME" && order.plan.captureMode === "MANUAL") {
    // capture: false — LINE Pay holds the money; VIP starts when the back office captures it.
    return transitionOrder(deps.db, {
      at: deps.now(),
      id: order.id,
      from: "CONFIRMING",
      to: "AUTHORIZED",
      actor,
      reason: statusReason("checkout.authorized"),
    });
  }
  const now = deps.now();
  try {
    return await payOrder(deps, order, {
      from: "CONFIRMING",
      actor,
      reason: statusReason("checkout.confirmed"),
      now,
      regKey,
    });
  } catch (error) {
    // LINE Pay took the money but what it bought could not be applied (say, the subscription
    // changed meanwhile). Keep the order visible as UNKNOWN so nobody loses track of the money.
    return markUnknown(
      deps,
      order,
      actor,
      statusReason("checkout.charged_not_applied", { detail: messageOf(error) }),
      null,
    );
  }
}

function markUnknown(
  deps: ConfirmCheckoutDeps,
  order: OrderView,
  actor: string,
  reason: StatusReason,
  code: string | null,
) {
  return transitionOrder(deps.db, {
    at: deps.now(),
    id: order.id,
    from: "CONFIRMING",
    to: "UNKNOWN",
    actor,
    reason,
    data: { failureCode: code, failureMessage: englishReason(reason) },
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : "error");
