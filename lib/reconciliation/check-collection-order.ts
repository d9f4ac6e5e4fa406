// Reconciliation of SinoPac orders (防止掉單): the bank's own record, asked by order number,
// settles a card order whose shopper closed the tab and a transfer whose notifications were all
// lost; an open account is left waiting (without counting towards "needs attention") until the
// bank's deadline, and an account or card page the bank shows expired ends the order EXPIRED.
import { settleCollectionPayment } from "@/lib/checkout/settle-collection-payment";
import {
  OrderStateConflictError,
  transitionOrder,
  type OrderView,
} from "@/lib/db/order-repository";
import type { CollectionOrderState } from "@/lib/payments/collection-gateway";
import type { CheckResult, ReconcileDeps } from "./check-open-order";

/** A card page lives 10 minutes (ExpMinutes); past this, an unpaid card order can no longer be paid. */
export const CARD_PAGE_GRACE_MS = 30 * 60_000;
/** After the bank's deadline, how long a transfer may take to show as paid before we expire it. */
const TRANSFER_GRACE_MS = 2 * 60_000;

export async function checkCollectionOrder(
  deps: ReconcileDeps,
  order: OrderView,
  actor: string,
): Promise<CheckResult> {
  const gateway = deps.checkout.collections?.SINOPAC;
  if (!gateway) return { kind: "open", note: "SinoPac is not configured in this process" };
  if (order.status === "UNKNOWN")
    return {
      kind: "attention",
      reason: order.failureMessage ?? "A SinoPac payment needs a person",
    };
  const now = deps.checkout.now();
  if (order.status === "PENDING" && !order.transactionId)
    return expire(
      deps,
      order,
      actor,
      "SinoPac never opened a payment for it; nothing can have been charged",
    );

  let state: CollectionOrderState;
  try {
    state = await gateway.lookupOrder(order.orderId, { orderRowId: order.id });
  } catch (error) {
    return {
      kind: "open",
      note: `SinoPac could not be asked: ${error instanceof Error ? error.message.slice(0, 200) : "error"}`,
    };
  }
  if (state.kind !== "not_found" && state.providerReference !== order.transactionId)
    return {
      kind: "attention",
      reason: `SinoPac shows TSNo ${state.providerReference}, the order says ${order.transactionId}`,
    };

  switch (state.kind) {
    case "paid": {
      if (order.status !== "PENDING" && order.status !== "CONFIRMING")
        return { kind: "settled", detail: `Already ${order.status}` };
      if (order.status === "CONFIRMING")
        return {
          kind: "attention",
          reason: "SinoPac shows it paid while our settlement stopped half-way",
        };
      const result = await settleCollectionPayment(deps.checkout, order, state, {
        actor,
        source: "OrderQuery",
      });
      return result.kind === "needs_attention"
        ? {
            kind: "attention",
            reason: result.order.failureMessage ?? "SinoPac payment needs a person",
          }
        : { kind: "settled", detail: `Paid per SinoPac OrderQuery (${result.kind})` };
    }
    case "expired":
      return expire(deps, order, actor, "SinoPac shows the payment deadline passed unpaid");
    case "awaiting": {
      const deadline = order.payBy
        ? new Date(order.payBy.getTime() + TRANSFER_GRACE_MS)
        : new Date(order.createdAt.getTime() + CARD_PAGE_GRACE_MS);
      if (now < deadline)
        return { kind: "waiting", until: deadline, note: "Waiting for the shopper to pay" };
      // A card page that is long past its lifetime can no longer be paid; a transfer account is
      // only ever expired on the bank's own word ("expired" above), never on our clock alone.
      if (!order.payBy) return expire(deps, order, actor, "The card page expired unpaid");
      return {
        kind: "open",
        note: "Past the deadline, but SinoPac does not show the account expired yet",
      };
    }
    case "unrecognised":
      return {
        kind: "attention",
        reason: `SinoPac shows PayStatus ${state.code}, which this shop does not know`,
      };
    case "not_found":
      return { kind: "attention", reason: "SinoPac has no order with this number" };
  }
}

async function expire(
  deps: ReconcileDeps,
  order: OrderView,
  actor: string,
  reason: string,
): Promise<CheckResult> {
  if (order.status !== "PENDING")
    return { kind: "attention", reason: `${reason}, but the order is ${order.status}` };
  try {
    await transitionOrder(deps.checkout.db, {
      at: deps.checkout.now(),
      id: order.id,
      from: "PENDING",
      to: "EXPIRED",
      actor,
      reason,
    });
  } catch (error) {
    if (!(error instanceof OrderStateConflictError)) throw error;
  }
  return { kind: "settled", detail: `Expired: ${reason}` };
}
