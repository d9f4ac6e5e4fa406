// Orders and their status history. Status changes are compare-and-set on the current status, so
// two requests racing on one order cannot both move it, and each change is logged with its reason.
import type { Db, DbTransaction } from "./client";
import { recordAudit } from "./audit-repository";
import { assertOrderTransition, type OrderStatus } from "@/lib/billing/order-status";
import { AppError } from "@/lib/errors/app-error";

export interface OrderRecord {
  id: string;
  orderId: string;
  userId: string;
  planId: string;
  // RENEWAL: a preapproved charge made by the renewal engine (no checkout page).
  kind: "ONE_TIME" | "SUBSCRIPTION_START" | "SUBSCRIPTION_REBIND" | "RENEWAL";
  subscriptionId: string | null;
  amountMinor: number;
  currency: string;
  status: OrderStatus;
  transactionId: string | null;
  paymentUrl: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  refundedMinor: number;
  refundPendingMinor: number;
  paidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Another request changed the order first; re-read it and act on what it is now. */
export class OrderStateConflictError extends AppError {
  override name = "OrderStateConflictError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "order_state_conflict" });
  }
}

export interface TransitionInput {
  id: string;
  from: OrderStatus;
  to: OrderStatus;
  actor: string;
  actorLabel?: string;
  reason: string;
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
  },
): Promise<OrderRecord> {
  return db.order.create({ data: { ...input, status: "PENDING" } });
}

export async function attachPaymentRequest(
  db: Db,
  id: string,
  request: { transactionId: string; paymentUrl: string },
): Promise<OrderRecord> {
  return db.order.update({ where: { id }, data: request });
}

export async function applyTransition(tx: DbTransaction, input: TransitionInput): Promise<OrderRecord> {
  assertOrderTransition(input.from, input.to);
  const { count } = await tx.order.updateMany({
    where: { id: input.id, status: input.from },
    data: { status: input.to, ...input.data },
  });
  if (count !== 1) throw new OrderStateConflictError(`Order ${input.id} is no longer ${input.from}`);
  await tx.orderStatusChange.create({
    data: { orderId: input.id, fromStatus: input.from, toStatus: input.to, actor: input.actor, reason: input.reason },
  });
  const order = await tx.order.findUniqueOrThrow({ where: { id: input.id } });
  await recordAudit(tx, {
    actor: input.actor,
    actorLabel: input.actorLabel,
    action: "order.status",
    targetType: "ORDER",
    targetId: order.orderId,
    reason: input.reason,
    before: { status: input.from },
    after: { status: input.to, ...input.data },
  });
  return order;
}

export async function transitionOrder(db: Db, input: TransitionInput): Promise<OrderRecord> {
  return db.$transaction((tx) => applyTransition(tx, input));
}

/** Work done in the same transaction that marks an order PAID; may return work for after commit. */
export type OrderPaidEffect = (tx: DbTransaction, order: OrderRecord) => Promise<(() => Promise<void>) | void>;

/**
 * Marks the order PAID and applies what it bought (VIP pass, subscription period) in one
 * transaction, so a payment is never recorded without its effect or the effect without the payment.
 */
export async function markOrderPaid(
  db: Db,
  input: { id: string; from: OrderStatus; actor: string; actorLabel?: string; reason: string; now: Date },
  effect: OrderPaidEffect,
): Promise<OrderRecord> {
  let afterCommit: (() => Promise<void>) | undefined;
  const order = await db.$transaction(async (tx) => {
    const paid = await applyTransition(tx, {
      id: input.id,
      from: input.from,
      to: "PAID",
      actor: input.actor,
      actorLabel: input.actorLabel,
      reason: input.reason,
      data: { paidAt: input.now, failureCode: null, failureMessage: null },
    });
    afterCommit = (await effect(tx, paid)) ?? undefined;
    return paid;
  });
  if (afterCommit) await afterCommit();
  return order;
}

export async function findOrderByMerchantOrderId(db: Db, orderId: string): Promise<OrderRecord | null> {
  return db.order.findUnique({ where: { orderId } });
}

export interface OrderView extends OrderRecord {
  plan: { code: string; name: string; durationDays: number; kind: "ONE_TIME" | "RECURRING"; captureMode: "AUTOMATIC" | "MANUAL" };
  entitlement: { startsAt: Date; endsAt: Date } | null;
}

const orderViewInclude = {
  plan: { select: { code: true, name: true, durationDays: true, kind: true, captureMode: true } },
  entitlement: { select: { startsAt: true, endsAt: true } },
} as const;

/** The order only if it belongs to this user: shoppers never see each other's orders. */
export async function findOrderForUser(db: Db, orderId: string, userId: string): Promise<OrderView | null> {
  return db.order.findFirst({ where: { orderId, userId }, include: orderViewInclude });
}

export async function findOrderView(db: Db, orderId: string): Promise<OrderView | null> {
  return db.order.findUnique({ where: { orderId }, include: orderViewInclude });
}

export async function listOrdersForUser(db: Db, userId: string, limit = 50): Promise<OrderView[]> {
  return db.order.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: limit, include: orderViewInclude });
}

export async function listOrderStatusChanges(db: Db, id: string) {
  return db.orderStatusChange.findMany({ where: { orderId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A renewal charge LINE Pay never took (its attempt proved NOT_CHARGED): its order fails, if still open. */
export async function failOpenRenewalOrder(db: Db, merchantOrderId: string, actor: string, reason: string): Promise<void> {
  const order = await db.order.findUnique({ where: { orderId: merchantOrderId } });
  if (!order || order.kind !== "RENEWAL" || (order.status !== "CONFIRMING" && order.status !== "UNKNOWN")) return;
  await transitionOrder(db, { id: order.id, from: order.status, to: "FAILED", actor, reason, data: { failureMessage: reason } }).catch((error: unknown) => {
    if (!(error instanceof OrderStateConflictError)) throw error;
  });
}
