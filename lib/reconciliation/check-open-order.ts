// One reconciliation check of one order whose money state is still open. LINE Pay sends no
// webhooks: a shopper who approved and closed the tab, a confirm or renewal whose answer was lost,
// a refund that timed out — each is only ever settled by asking LINE Pay, which is what this does.
// Every move goes through the same use cases as the live paths (confirm, verify, renewal settle,
// refund verify), so the state machines and their compare-and-set guards apply unchanged.
import { closePendingOrder } from "@/lib/checkout/cancel-checkout";
import {
  confirmCheckout,
  reconfirmUnknownOrder,
  type ConfirmCheckoutDeps,
} from "@/lib/checkout/confirm-checkout";
import type { PaymentGateway, RefundGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { verifyOrderPaymentExplained } from "@/lib/checkout/verify-order-payment";
import { verifyOrderRefunds } from "@/lib/admin/verify-refunds";
import {
  findOrderView,
  OrderStateConflictError,
  transitionOrder,
  type OrderView,
} from "@/lib/db/order-repository";
import { lastStatusChangeAt } from "@/lib/db/reconciliation-repository";
import { claimSubscriptionForSettlement } from "@/lib/db/renewal-repository";
import { settleOpenRenewalCharge } from "@/lib/subscriptions/renew-subscription";
import { settleUpgradeCharge } from "@/lib/subscriptions/change-plan";
import { findSubscription } from "@/lib/db/subscription-repository";
import type { RenewalDeps } from "@/lib/subscriptions/renewal-types";
import type { ReconcileSchedule } from "@/lib/billing/reconcile-schedule";
import type { CollectionGateway } from "@/lib/payments/collection-gateway";
import { checkCollectionOrder } from "./check-collection-order";
import { statusReason } from "@/lib/billing/status-reason";
import type { StatusReason } from "@/lib/billing/status-reason";

export interface ReconcileDeps {
  checkout: ConfirmCheckoutDeps & {
    payments: PaymentProviders<PaymentGateway & RefundGateway>;
    /** Bank collection providers (SinoPac); their orders are checked by check-collection-order.ts. */
    collections?: { SINOPAC?: CollectionGateway };
  };
  renewal: RenewalDeps;
  schedule: ReconcileSchedule;
}

export type CheckResult =
  /** The money state is known now (the order moved, or its refunds were settled). */
  | { kind: "settled"; detail: StatusReason }
  /** Still open for a reason time may fix (LINE Pay unreachable, shopper still paying, a runner busy). */
  | { kind: "open"; note: StatusReason }
  /** Time will not fix it: a human must look. */
  | { kind: "attention"; reason: StatusReason }
  /** The shopper still has time to pay (an open transfer account): look again then, no check counted. */
  | { kind: "waiting"; until: Date; note: StatusReason };

const settled = (detail: StatusReason): CheckResult => ({ kind: "settled", detail });
const open = (note: StatusReason): CheckResult => ({ kind: "open", note });

export async function checkOpenOrder(
  deps: ReconcileDeps,
  orderId: string,
  who: { actor: string; actorLabel?: string; runnerId: string },
): Promise<CheckResult> {
  const order = await findOrderView(deps.checkout.db, orderId);
  if (!order) return settled(statusReason("reconcile.order_gone"));
  if (order.provider === "SINOPAC" && isOpenPayment(order.status))
    return checkCollectionOrder(deps, order, who.actor);
  switch (order.status) {
    case "PENDING":
      return checkPending(deps, order, who.actor);
    case "CONFIRMING":
    case "UNKNOWN":
      // A call that just timed out may still be processed by LINE Pay: look only once it is over.
      if (!(await isStale(deps, order)))
        return open(
          statusReason(
            order.status === "CONFIRMING" ? "reconcile.in_flight" : "reconcile.may_still_answer",
          ),
        );
      if (order.kind === "RENEWAL") return checkRenewal(deps, order, who);
      if (order.kind === "PLAN_CHANGE") return checkPlanChange(deps, order);
      return order.status === "CONFIRMING"
        ? checkConfirming(deps, order, who.actor)
        : checkUnknown(deps, order, who.actor);
    default:
      return order.refundPendingMinor > 0
        ? checkRefunds(deps, order, who)
        : settled(statusReason("reconcile.already_settled", { status: order.status }));
  }
}

/** An upgrade charge left CONFIRMING or UNKNOWN: settled by its orderId, as the live path would. */
async function checkPlanChange(deps: ReconcileDeps, order: OrderView): Promise<CheckResult> {
  const subscription = order.subscriptionId
    ? await findSubscription(deps.checkout.db, order.subscriptionId)
    : null;
  if (!subscription)
    return { kind: "attention", reason: statusReason("reconcile.plan_change_orphan") };
  const result = await settleUpgradeCharge(deps.renewal, subscription);
  return result === "still_unknown" || result === "in_flight"
    ? open(statusReason("reconcile.upgrade_unsettled"))
    : settled(statusReason("reconcile.upgrade_settled", { outcome: result }));
}

async function checkPending(
  deps: ReconcileDeps,
  order: OrderView,
  actor: string,
): Promise<CheckResult> {
  const { db, payments } = deps.checkout;
  if (!order.transactionId) {
    // The payment request never came back with a payment page: the shopper could not have paid.
    await moveOrLeave(() =>
      transitionOrder(db, {
        at: deps.checkout.now(),
        id: order.id,
        from: "PENDING",
        to: "EXPIRED",
        actor,
        reason: statusReason("reconcile.no_payment_page"),
      }),
    );
    return settled(statusReason("reconcile.never_issued"));
  }
  let state;
  try {
    state = await payments
      .gatewayFor(order.provider)
      .lookupPayment(order.transactionId, { orderRowId: order.id });
  } catch (error) {
    return open(statusReason("reconcile.linepay_unreachable_detail", { detail: messageOf(error) }));
  }
  switch (state.kind) {
    case "approved_not_confirmed": {
      // The shopper approved but never came back (closed tab, lost redirect): confirm for them,
      // with the amount stored on the order, exactly as the confirm URL would have.
      const after = await confirmCheckout(
        deps.checkout,
        { orderId: order.orderId, transactionId: order.transactionId },
        actor,
      );
      return isOpenPayment(after.status)
        ? open(statusReason("reconcile.confirm_left", { status: after.status }))
        : settled(statusReason("reconcile.confirmed_now", { status: after.status }));
    }
    case "awaiting_approval":
      return open(statusReason("reconcile.not_approved"));
    case "not_found":
      return open(statusReason("reconcile.no_details_yet"));
    case "authorized":
      return {
        kind: "attention",
        reason: statusReason("reconcile.authorization_held"),
      };
    default: {
      const after = await moveOrLeave(() => closePendingOrder(deps.checkout, order, state, actor));
      return after && !isOpenPayment(after.status)
        ? settled(
            statusReason("reconcile.reported_settled", { state: state.kind, status: after.status }),
          )
        : open(statusReason("reconcile.linepay_reports", { state: state.kind }));
    }
  }
}

async function checkConfirming(
  deps: ReconcileDeps,
  order: OrderView,
  actor: string,
): Promise<CheckResult> {
  // The process that claimed the confirm stopped before recording LINE Pay's answer.
  const moved = await moveOrLeave(() =>
    transitionOrder(deps.checkout.db, {
      at: deps.checkout.now(),
      id: order.id,
      from: "CONFIRMING",
      to: "UNKNOWN",
      actor,
      reason: statusReason("reconcile.confirm_interrupted"),
    }),
  );
  if (!moved) return open(statusReason("reconcile.order_moved"));
  return checkUnknown(deps, { ...order, ...moved }, actor);
}

async function checkUnknown(
  deps: ReconcileDeps,
  order: OrderView,
  actor: string,
): Promise<CheckResult> {
  const { order: after, finding } = await verifyOrderPaymentExplained(deps.checkout, order, actor);
  switch (finding) {
    case "settled":
      return settled(statusReason("reconcile.verified", { status: after.status }));
    case "amount_differs":
      return {
        kind: "attention",
        reason: statusReason("reconcile.amount_differs"),
      };
    case "unreachable":
      return open(statusReason("reconcile.linepay_unreachable"));
    case "approved_not_confirmed": {
      // The earlier confirm never took effect at LINE Pay (it was lost before arriving): confirm now.
      const confirmed = await moveOrLeave(() => reconfirmUnknownOrder(deps.checkout, order, actor));
      if (!confirmed) return open(statusReason("reconcile.order_moved"));
      return isOpenPayment(confirmed.status)
        ? open(statusReason("reconcile.reconfirm_left", { status: confirmed.status }))
        : settled(statusReason("reconcile.confirmed_now", { status: confirmed.status }));
    }
    case "still_open":
      return isOpenPayment(after.status)
        ? open(statusReason("reconcile.no_final_state"))
        : settled(statusReason("reconcile.settled_meanwhile", { status: after.status }));
  }
}

async function checkRenewal(
  deps: ReconcileDeps,
  order: OrderView,
  who: { runnerId: string },
): Promise<CheckResult> {
  if (!order.subscriptionId)
    return { kind: "attention", reason: statusReason("reconcile.renewal_orphan") };
  const renewal = deps.renewal;
  const subscription = await claimSubscriptionForSettlement(
    renewal.db,
    order.subscriptionId,
    who.runnerId,
    renewal.now(),
    deps.schedule.leaseMs,
  );
  if (!subscription) return open(statusReason("reconcile.runner_holds"));
  const outcome = await settleOpenRenewalCharge(renewal, subscription, who.runnerId);
  const after = await findOrderView(renewal.db, order.orderId);
  if (after && !isOpenPayment(after.status))
    return settled(
      statusReason(
        outcome === "refunded"
          ? "reconcile.late_renewal_refunded"
          : outcome === "charged"
            ? "reconcile.renewal_found_paid"
            : "reconcile.renewal_never_made",
      ),
    );
  if (outcome === "nothing_open")
    return {
      kind: "attention",
      reason: statusReason("reconcile.records_disagree"),
    };
  return open(statusReason("reconcile.renewal_unknown"));
}

async function checkRefunds(
  deps: ReconcileDeps,
  order: OrderView,
  who: { actor: string; actorLabel?: string },
): Promise<CheckResult> {
  try {
    const result = await verifyOrderRefunds(deps.checkout, order, who);
    const counts = { succeeded: result.succeeded, failed: result.failed };
    if (result.checked === 0 || result.waiting === result.checked)
      return open(statusReason("reconcile.refund_just_sent"));
    if (result.waiting > 0)
      return open(
        statusReason("reconcile.refunds_partly_known", { ...counts, waiting: result.waiting }),
      );
    return settled(statusReason("reconcile.refunds_verified", counts));
  } catch (error) {
    return open(statusReason("reconcile.refunds_unreachable", { detail: messageOf(error) }));
  }
}

async function isStale(deps: ReconcileDeps, order: OrderView): Promise<boolean> {
  const since = await lastStatusChangeAt(deps.checkout.db, order.id, order.createdAt);
  return deps.checkout.now().getTime() - since.getTime() >= deps.schedule.inFlightStaleAfterMs;
}

const isOpenPayment = (status: string) =>
  status === "PENDING" || status === "CONFIRMING" || status === "UNKNOWN";

/** Another request moved the order first (the shopper's own confirm, say): that is not an error. */
async function moveOrLeave<T>(move: () => Promise<T>): Promise<T | null> {
  try {
    return await move();
  } catch (error) {
    if (error instanceof OrderStateConflictError) return null;
    throw error;
  }
}

const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 200);
