// The one door for order rows: a new order starts from one row shape (`newOrderRow`), and every
// move follows one rule: the move must be legal (lib/billing/order-status.ts), it is a
// compare-and-set on the current status, and it leaves a status-change row and an audit entry (and
// a receipt notice when the order is paid) and its place in the rollups' queue, all in the caller's
// transaction.
import { randomUUID } from "node:crypto";
import type { Insertable, Selectable, Transaction } from "kysely";
import { assertOrderTransition, type OrderStatus } from "@/lib/billing/order-status";
import { AppError } from "@/lib/errors/app-error";
import type { StatusReason } from "@/lib/billing/status-reason";
import { auditEntryRow } from "./audit-repository";
import { reasonColumns } from "./reason-columns";
import { enqueuePaymentReceipt } from "./notice-outbox";
import { markRollupDirty } from "./rollup-queue";
import type { DB as Database, Order } from "./generated/kysely/postgres/database";

export type OrderRow = Selectable<Order>;

/** What a new order must say; everything else starts empty (nothing refunded, no payment yet). */
export type NewOrder = Pick<
  Insertable<Order>,
  "orderId" | "userId" | "planId" | "amountMinor" | "currency" | "provider" | "kind" | "status"
> &
  Partial<Pick<Insertable<Order>, "id" | "subscriptionId">>;

/** The row a new order is inserted as, stamped `at` on the app's clock. */
export function newOrderRow(order: NewOrder, at: Date): Insertable<Order> {
  return {
    id: randomUUID(),
    subscriptionId: null,
    ...order,
    refundedMinor: 0,
    refundPendingMinor: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** Another request changed the order first; re-read it and act on what it is now. */
export class OrderStateConflictError extends AppError {
  override name = "OrderStateConflictError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "order_state_conflict" });
  }
}

export interface OrderTransition {
  /** The order's row id. */
  id: string;
  from: OrderStatus;
  to: OrderStatus;
  actor: string;
  actorLabel?: string;
  reason: StatusReason;
  /** When it happened on the app's clock (the test clock in development); default: now. */
  at?: Date;
  data?: Partial<
    Pick<OrderRow, "failureCode" | "failureMessage" | "paidAt" | "refundedMinor" | "transactionId">
  >;
  /** The caller queues the order for the rollups itself, with its other sources in one insert. */
  queuesRollupAfter?: boolean;
}

export async function applyOrderTransition(
  tx: Transaction<Database>,
  input: OrderTransition,
  stamp: Date = input.at ?? new Date(),
): Promise<OrderRow> {
  assertOrderTransition(input.from, input.to);
  const order = await tx
    .updateTable("Order")
    .set({ ...input.data, status: input.to, updatedAt: stamp })
    .where("id", "=", input.id)
    .where("status", "=", input.from)
    .returningAll()
    .executeTakeFirst();
  if (!order) throw new OrderStateConflictError(`Order ${input.id} is no longer ${input.from}`);
  await tx
    .insertInto("OrderStatusChange")
    .values({
      id: randomUUID(),
      orderId: input.id,
      fromStatus: input.from,
      toStatus: input.to,
      actor: input.actor,
      ...reasonColumns(input.reason),
      createdAt: stamp,
    })
    .execute();
  const entry = auditEntryRow(
    {
      actor: input.actor,
      actorLabel: input.actorLabel,
      action: "order.status",
      targetType: "ORDER",
      targetId: order.orderId,
      reason: input.reason,
      before: { status: input.from },
      after: { status: input.to, ...input.data },
    },
    stamp,
  );
  await tx.insertInto("AuditEntry").values(entry).execute();
  // Every payment, whatever bought it, gets its receipt in the same commit as the PAID status.
  if (input.to === "PAID") await enqueuePaymentReceipt(tx, order, stamp);
  // The dashboards' rollups recount the order later, off this transaction (lib/db/rollup-queue.ts).
  if (!input.queuesRollupAfter) await markRollupDirty(tx, { orderIds: [order.id] });
  return order;
}
