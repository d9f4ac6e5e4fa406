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
import { statusReason } from "@/lib/billing/status-reason";

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
  if (!gateway) return { kind: "open", note: statusReason("reconcile.sinopac_not_configured") };
  if (order.status === "UNKNOWN")
    return {
      kind: "attention",
      reason: order.failureMessage
        ? statusReason("reconcile.failure_detail", { detail: order.failureMessage })
        : statusReason("sinopac.needs_person"),
    };
  const now = deps.checkout.now();
  if (order.status === "PENDING" && !order.transactionId)
    return expire(deps, order, actor, "sinopac.never_opened");

  let state: CollectionOrderState;
  try {
    state = await gateway.lookupOrder(order.orderId, { orderRowId: order.id });
  } catch (error) {
    return {
      kind: "open",
      note: statusReason("reconcile.sinopac_unreachable", {
        detail: error instanceof Error ? error.message.slice(0, 200) : "error",
      }),
    };
  }
  if (state.kind !== "not_found" && state.providerReference !== order.transactionId)
    return {
      kind: "attention",
      reason: statusReason("sinopac.reference_differs", {
        theirs: state.providerReference ?? "—",
        ours: order.transactionId ?? "—",
      }),
    };

  switch (state.kind) {
    case "paid": {
      if (order.status !== "PENDING" && order.status !== "CONFIRMING")
        return {
          kind: "settled",
          detail: statusReason("sinopac.already", { status: order.status }),
        };
      if (order.status === "CONFIRMING")
        return {
          kind: "attention",
          reason: statusReason("sinopac.paid_half_settled"),
        };
      const result = await settleCollectionPayment(deps.checkout, order, state, {
        actor,
        source: "OrderQuery",
      });
      return result.kind === "needs_attention"
        ? {
            kind: "attention",
            reason: result.order.failureMessage
              ? statusReason("reconcile.failure_detail", { detail: result.order.failureMessage })
              : statusReason("sinopac.needs_person"),
          }
        : {
            kind: "settled",
            detail: statusReason("sinopac.paid_per_query", { outcome: result.kind }),
          };
    }
    case "expired":
      return expire(deps, order, actor, "sinopac.deadline_passed");
    case "awaiting": {
      const deadline = order.payBy
        ? new Date(order.payBy.getTime() + TRANSFER_GRACE_MS)
        : new Date(order.createdAt.getTime() + CARD_PAGE_GRACE_MS);
      if (now < deadline)
        return {
          kind: "waiting",
          until: deadline,
          note: statusReason("reconcile.waiting_for_shopper"),
        };
      // A card page that is long past its lifetime can no longer be paid; a transfer account is
      // only ever expired on the bank's own word ("expired" above), never on our clock alone.
      if (!order.payBy) return expire(deps, order, actor, "sinopac.card_page_expired");
      return {
        kind: "open",
        note: statusReason("reconcile.past_deadline_not_expired"),
      };
    }
    case "unrecognised":
      return {
        kind: "attention",
        reason: statusReason("sinopac.unknown_status", { code: state.code }),
      };
    case "not_found":
      return { kind: "attention", reason: statusReason("sinopac.not_found") };
  }
}

async function expire(
  deps: ReconcileDeps,
  order: OrderView,
  actor: string,
  why: "sinopac.never_opened" | "sinopac.deadline_passed" | "sinopac.card_page_expired",
): Promise<CheckResult> {
  if (order.status !== "PENDING")
    return { kind: "attention", reason: statusReason(`${why}_but`, { status: order.status }) };
  const reason = statusReason(why);
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
  return { kind: "settled", detail: statusReason("reconcile.expired", { why: reason }) };
}
