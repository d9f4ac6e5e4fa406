// Orders and their status history. Status changes are compare-and-set on the current status, so
// two requests racing on one order cannot both move it, and each change is logged with its reason.
import { sqlOf, type Db } from "./client";
import { applyOrderTransition, newOrderRow, OrderStateConflictError } from "./order-transition";
import type { OrderStatus } from "@/lib/billing/order-status";
import { CHARGE_NOT_APPLIED, type OrderPurchase } from "@/lib/billing/order-purchase";
import { applyOrderPurchase } from "./order-purchase-repository";
import type { StatusReason } from "@/lib/billing/status-reason";
import { englishReason } from "@/lib/i18n/status-reason-text";

export interface OrderRecord {
  id: string;
  orderId: string;
  userId: string;
  planId: string;
  // RENEWAL: a preapproved charge made by the renewal engine (no checkout page).
  kind: "ONE_TIME" | "SUBSCRIPTION_START" | "SUBSCRIPTION_REBIND" | "RENEWAL" | "PLAN_CHANGE";
  subscriptionId: string | null;
  amountMinor: number;
  currency: string;
  status: OrderStatus;
  /** The payment provider that takes this order's money (an id lib/payments registers). */
  provider: string;
  /** The provider's payment reference (LINE Pay's transactionId). */
  transactionId: string | null;
  paymentUrl: string | null;
  /** LINE Pay's app link for the payment page, when it offered one. */
  paymentUrlApp: string | null;
  /** Bank transfers (SinoPac ATM): the order's virtual account and its deadline. */
  providerAccount: string | null;
  payBy: Date | null;
  failureCode: string | null;
  failureMessage: string | null;
  refundedMinor: number;
  refundPendingMinor: number;
  paidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export { OrderStateConflictError } from "./order-transition";

export interface TransitionInput {
  id: string;
  from: OrderStatus;
  to: OrderStatus;
  actor: string;
  actorLabel?: string;
  reason: StatusReason;
  /** When it happened on the app's clock (the test clock in development); default: now. */
  at?: Date;
  data?: Partial<Pick<OrderRecord, "failureCode" | "failureMessage" | "paidAt" | "refundedMinor">>;
}

export async function createPendingOrder(
  db: Db,
  input: {
    orderId: string;
    userId: string;
    planId: string;
    amountMinor: number;
    currency: string;
    kind?: OrderRecord["kind"];
    subscriptionId?: string;
    /** The payment provider that takes this order's money. */
    provider: string;
    /** The app's clock (the test clock in development); default: now. */
    createdAt?: Date;
  },
): Promise<OrderRecord> {
  const { createdAt, ...values } = input;
  return sqlOf(db)
    .insertInto("Order")
    .values(
      newOrderRow(
        { ...values, kind: input.kind ?? "ONE_TIME", status: "PENDING" },
        createdAt ?? new Date(),
      ),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records the provider's payment reference and pages on the order (nothing read back: no caller needs it). */
export async function attachPaymentRequest(
  db: Db,
  id: string,
  request: { transactionId: string; paymentUrl: string; paymentUrlApp: string | null },
): Promise<void> {
  const { numUpdatedRows } = await sqlOf(db)
    .updateTable("Order")
    .set({ ...request, updatedAt: new Date() })
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  if (numUpdatedRows !== 1n)
    throw new Error(`Order ${id} is missing: its payment request was not recorded`);
}

export async function transitionOrder(db: Db, input: TransitionInput): Promise<OrderRecord> {
  return sqlOf(db)
    .transaction()
    .execute((tx) => applyOrderTransition(tx, input));
}

/**
 * Marks the order PAID and applies what it bought (VIP pass, subscription period) in one
 * transaction, so a payment is never recorded without its effect or the effect without the payment.
 */
export async function markOrderPaid(
  db: Db,
  input: {
    id: string;
    from: OrderStatus;
    actor: string;
    actorLabel?: string;
    reason: StatusReason;
    now: Date;
  },
  purchase: OrderPurchase,
): Promise<OrderRecord> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const paid = await applyOrderTransition(tx, {
        id: input.id,
        from: input.from,
        to: "PAID",
        actor: input.actor,
        actorLabel: input.actorLabel,
        reason: input.reason,
        at: input.now,
        data: {
          paidAt: input.now,
          // Kept on the order so its page can say the charge is being given back.
          failureCode: purchase.kind === "refund-unapplied" ? CHARGE_NOT_APPLIED : null,
          failureMessage:
            purchase.kind === "refund-unapplied" ? englishReason(purchase.reason) : null,
        },
      });
      await applyOrderPurchase(tx, { orderRowId: paid.id, now: input.now }, purchase);
      return paid;
    });
}

/** A subscription's orders of one kind (say, every checkout that tried to start it). */
export async function listOrdersOfSubscription(
  db: Db,
  subscriptionId: string,
  kind: OrderRecord["kind"],
): Promise<OrderRecord[]> {
  return db.order.findMany({ where: { subscriptionId, kind } });
}

export async function findOrderByMerchantOrderId(
  db: Db,
  orderId: string,
): Promise<OrderRecord | null> {
  return db.order.findUnique({ where: { orderId } });
}

export interface OrderView extends OrderRecord {
  plan: {
    code: string;
    name: string;
    durationDays: number;
    kind: "ONE_TIME" | "RECURRING";
    captureMode: "AUTOMATIC" | "MANUAL";
  };
  entitlement: { startsAt: Date; endsAt: Date } | null;
}

const orderViewInclude = {
  plan: { select: { code: true, name: true, durationDays: true, kind: true, captureMode: true } },
  entitlement: { select: { startsAt: true, endsAt: true } },
} as const;

/** The order only if it belongs to this user: shoppers never see each other's orders. */
export async function findOrderForUser(
  db: Db,
  orderId: string,
  userId: string,
): Promise<OrderView | null> {
  return db.order.findFirst({ where: { orderId, userId }, include: orderViewInclude });
}

export async function findOrderView(db: Db, orderId: string): Promise<OrderView | null> {
  return db.order.findUnique({ where: { orderId }, include: orderViewInclude });
}

/** One page of a shopper's orders, newest first, and whether an older page exists. */
export async function listOrdersForUser(
  db: Db,
  userId: string,
  page: { index: number; size: number } = { index: 0, size: 50 },
): Promise<{ orders: OrderView[]; hasMore: boolean }> {
  const rows = await db.order.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: page.index * page.size,
    take: page.size + 1,
    include: orderViewInclude,
  });
  return { orders: rows.slice(0, page.size), hasMore: rows.length > page.size };
}

export async function listOrderStatusChanges(db: Db, id: string) {
  return db.orderStatusChange.findMany({
    where: { orderId: id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** A renewal charge LINE Pay never took (its attempt proved NOT_CHARGED): its order fails, if still open. */
export async function failOpenRenewalOrder(
  db: Db,
  merchantOrderId: string,
  actor: string,
  reason: StatusReason,
): Promise<void> {
  const order = await db.order.findUnique({ where: { orderId: merchantOrderId } });
  if (
    !order ||
    order.kind !== "RENEWAL" ||
    (order.status !== "CONFIRMING" && order.status !== "UNKNOWN")
  )
    return;
  await transitionOrder(db, {
    id: order.id,
    from: order.status,
    to: "FAILED",
    actor,
    reason,
    data: { failureMessage: englishReason(reason) },
  }).catch((error: unknown) => {
    if (!(error instanceof OrderStateConflictError)) throw error;
  });
}

/**
 * Charges that bought nothing (PAID with CHARGE_NOT_APPLIED) and have no refund yet: the process
 * stopped between recording one and refunding it. Reconciliation refunds them.
 */
export async function findUnrefundedUnappliedCharges(
  db: Db,
  limit = 50,
): Promise<
  Array<{ orderId: string; amountMinor: number; subscriptionId: string | null; provider: string }>
> {
  return sqlOf(db)
    .selectFrom("Order")
    .select(["orderId", "amountMinor", "subscriptionId", "provider"])
    .where("status", "=", "PAID")
    .where("failureCode", "=", CHARGE_NOT_APPLIED)
    .where("refundPendingMinor", "=", 0)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("Refund").select("Refund.id").whereRef("Refund.orderId", "=", "Order.id"),
        ),
      ),
    )
    .limit(limit)
    .execute();
}
