// Refund rows and the order money they move. A refund is reserved on the order (refundPendingMinor)
// in the same transaction that writes it, before LINE Pay is called; it is then settled as
// SUCCEEDED (money counted as refunded), FAILED (reservation released) or UNKNOWN (kept reserved
// until someone verifies it with LINE Pay).
import type { Updateable } from "kysely";
import { sqlOf, type Db } from "./client";
import type { Refund } from "./generated/kysely/postgres/database";
import { takeBackRefundedTime } from "./vip-timeline-repository";
import { markRollupDirty } from "./rollup-queue";
import { auditEntryRow, recordAudit } from "./audit-repository";
import type { OrderRecord } from "./order-repository";
import { enqueueRefundReceipt } from "./notice-outbox";
import { applyOrderTransition, OrderStateConflictError } from "./order-transition";
import type { SqlTx } from "./subscription-transition";
import { checkRefund, statusAfterRefund, type RefundRefusal } from "@/lib/billing/refund-policy";
import { AppError } from "@/lib/errors/app-error";
import { adminNote, statusReason, type StatusReason } from "@/lib/billing/status-reason";
import { parseStoredReason } from "@/lib/i18n/status-reason-text";
import { reasonColumns } from "./reason-columns";

export interface RefundRecord {
  id: string;
  orderId: string;
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  reason: string;
  reasonCode: string | null;
  reasonParams: string | null;
  status: "PENDING" | "SUCCEEDED" | "FAILED" | "UNKNOWN";
  refundTransactionId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  requestedBy: string;
  createdAt: Date;
  settledAt: Date | null;
  /** Made by hand in the provider's portal and recorded here: nothing was sent to the provider. */
  recordedManually: boolean;
  portalReference: string | null;
}

export class OrderNotFoundError extends AppError {
  override name = "OrderNotFoundError";
  constructor(message: string) {
    super(message, { status: 404, errorCode: "order_not_found" });
  }
}

export type ReserveRefundResult =
  | { kind: "reserved"; refund: RefundRecord; order: OrderRecord }
  | { kind: "existing"; refund: RefundRecord }
  | { kind: "refused"; refusal: RefundRefusal };

export interface ReserveRefundInput {
  merchantOrderId: string;
  amountMinor: number;
  /** The admin's note; an automatic refund gives `automaticReason` and its English text here. */
  reason: string;
  automaticReason?: StatusReason;
  idempotencyKey: string;
  actor: string;
  actorLabel: string;
  /** The admin says they refunded it in the provider's portal: recorded, never sent. */
  manual?: { portalReference: string | null };
}

/**
 * Writes a PENDING refund and reserves its amount on the order, or returns the refund already
 * written under this idempotency key. Throws OrderStateConflictError when another refund changed
 * the order meanwhile (the caller re-reads and tries again).
 */
export async function reserveRefund(
  db: Db,
  input: ReserveRefundInput,
): Promise<ReserveRefundResult> {
  return db.$transaction(async (tx) => {
    const existing = await tx.refund.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
    });
    if (existing) return { kind: "existing", refund: existing };
    const order = await tx.order.findUnique({ where: { orderId: input.merchantOrderId } });
    if (!order) throw new OrderNotFoundError(`No order ${input.merchantOrderId}`);
    const refusal = checkRefund(order, input.amountMinor);
    if (refusal) return { kind: "refused", refusal };

    // Compare-and-set on the amounts read above: a concurrent refund makes this match nothing.
    const { count } = await tx.order.updateMany({
      where: {
        id: order.id,
        status: order.status,
        refundedMinor: order.refundedMinor,
        refundPendingMinor: order.refundPendingMinor,
      },
      data: { refundPendingMinor: { increment: input.amountMinor } },
    });
    if (count !== 1)
      throw new OrderStateConflictError(
        `Order ${order.orderId} changed while the refund was being reserved`,
      );
    const refund = await tx.refund.create({
      data: {
        orderId: order.id,
        idempotencyKey: input.idempotencyKey,
        amountMinor: input.amountMinor,
        currency: order.currency,
        ...(input.automaticReason
          ? reasonColumns(input.automaticReason)
          : { reason: input.reason, reasonCode: null, reasonParams: null }),
        requestedBy: input.actor,
        ...(input.manual && {
          recordedManually: true,
          portalReference: input.manual.portalReference,
        }),
      },
    });
    await recordAudit(tx, {
      actor: input.actor,
      actorLabel: input.actorLabel,
      action: "order.refund.requested",
      targetType: "ORDER",
      targetId: order.orderId,
      reason: input.automaticReason ?? adminNote(input.reason),
      before: { refundedMinor: order.refundedMinor, refundPendingMinor: order.refundPendingMinor },
      after: {
        refundId: refund.id,
        amountMinor: input.amountMinor,
        refundPendingMinor: order.refundPendingMinor + input.amountMinor,
        ...(input.manual && {
          recordedManually: true,
          portalReference: input.manual.portalReference,
        }),
      },
    });
    return { kind: "reserved", refund, order };
  });
}

export async function findRefundByIdempotencyKey(
  db: Db,
  idempotencyKey: string,
): Promise<RefundRecord | null> {
  return db.refund.findUnique({ where: { idempotencyKey } });
}

export async function listRefundsForOrder(db: Db, orderRowId: string): Promise<RefundRecord[]> {
  return db.refund.findMany({ where: { orderId: orderRowId }, orderBy: { createdAt: "asc" } });
}

export type RefundSettlement =
  /** No refundTransactionId for a refund recorded by hand (its portalReference is on the row). */
  | { kind: "succeeded"; refundTransactionId: string | null }
  | { kind: "failed"; code: string | null; message: string }
  | { kind: "unknown"; code: string | null; message: string };

interface SettleInput {
  refundId: string;
  settlement: RefundSettlement;
  actor: string;
  actorLabel?: string;
  now: Date;
}

/** Applies LINE Pay's answer to a refund still PENDING or UNKNOWN; a settled refund is left as is. */
export async function settleRefund(db: Db, input: SettleInput): Promise<RefundRecord> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const refund = await tx
        .selectFrom("Refund")
        .selectAll()
        .where("id", "=", input.refundId)
        .executeTakeFirstOrThrow();
      if (refund.status !== "PENDING" && refund.status !== "UNKNOWN") return refund;
      const { settlement } = input;
      if (settlement.kind === "unknown") {
        const unknown = {
          status: "UNKNOWN" as const,
          failureCode: settlement.code,
          failureMessage: settlement.message,
        };
        return markRefund(tx, refund, unknown, input, "order.refund.unknown");
      }
      // Either way the reservation ends: counted as refunded, or released.
      const isRefunded = settlement.kind === "succeeded";
      const order = await tx
        .updateTable("Order")
        .set((eb) => ({
          refundPendingMinor: eb("refundPendingMinor", "-", refund.amountMinor),
          refundedMinor: eb("refundedMinor", "+", isRefunded ? refund.amountMinor : 0),
          updatedAt: new Date(),
        }))
        .where("id", "=", refund.orderId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (settlement.kind === "failed") {
        const failed = {
          status: "FAILED" as const,
          failureCode: settlement.code,
          failureMessage: settlement.message,
          settledAt: input.now,
        };
        return markRefund(tx, refund, failed, input, "order.refund.failed");
      }
      const to = statusAfterRefund(order.amountMinor, order.refundedMinor);
      await applyOrderTransition(tx, {
        id: order.id,
        from: order.status,
        to,
        actor: input.actor,
        actorLabel: input.actorLabel,
        reason: statusReason("refund.refunded", {
          amount: refund.amountMinor,
          currency: refund.currency,
          why: reasonOfRefund(refund),
        }),
      });
      await enqueueRefundReceipt(tx, refund, order, input.now);
      // A full refund takes back the time it bought; a partial one is a goodwill credit.
      if (to === "REFUNDED") {
        await takeBackRefundedTime(tx, order, {
          now: input.now,
          actor: input.actor,
          actorLabel: input.actorLabel,
          reason: reasonOfRefund(refund),
        });
      }
      const succeeded = {
        status: "SUCCEEDED" as const,
        refundTransactionId: settlement.refundTransactionId,
        failureCode: null,
        failureMessage: null,
        settledAt: input.now,
      };
      const orderAfter = { merchantOrderId: order.orderId, refundedMinor: order.refundedMinor };
      return markRefund(tx, refund, succeeded, input, "order.refund.succeeded", orderAfter);
    });
}

async function markRefund(
  tx: SqlTx,
  refund: RefundRecord,
  data: Updateable<Refund> & { status: RefundRecord["status"] },
  input: SettleInput,
  action: string,
  orderAfter?: { merchantOrderId: string; refundedMinor: number },
): Promise<RefundRecord> {
  const updated = await tx
    .updateTable("Refund")
    .set(data)
    .where("id", "=", refund.id)
    .where("status", "=", refund.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated)
    throw new OrderStateConflictError(`Refund ${refund.id} was settled by someone else`);
  await markRollupDirty(tx, { orderIds: [refund.orderId] });
  const merchantOrderId =
    orderAfter?.merchantOrderId ??
    (
      await tx
        .selectFrom("Order")
        .select("orderId")
        .where("id", "=", refund.orderId)
        .executeTakeFirstOrThrow()
    ).orderId;
  const entry = auditEntryRow(
    {
      actor: input.actor,
      actorLabel: input.actorLabel,
      action,
      targetType: "ORDER",
      targetId: merchantOrderId,
      reason: data.failureMessage
        ? statusReason("refund.failed", { detail: data.failureMessage })
        : reasonOfRefund(refund),
      before: { refundId: refund.id, status: refund.status },
      after: {
        refundId: refund.id,
        status: data.status,
        ...(data.refundTransactionId ? { refundTransactionId: data.refundTransactionId } : {}),
        ...(refund.recordedManually && {
          recordedManually: true,
          portalReference: refund.portalReference,
        }),
        ...(orderAfter && { refundedMinor: orderAfter.refundedMinor }),
      },
    },
    new Date(),
  );
  await tx.insertInto("AuditEntry").values(entry).execute();
  return updated;
}

/** Why the refund was made: its catalogue reason when automatic, else the admin's note. */
function reasonOfRefund(refund: Pick<RefundRecord, "reason" | "reasonCode" | "reasonParams">) {
  const coded = refund.reasonCode
    ? parseStoredReason(refund.reasonCode, refund.reasonParams)
    : null;
  return coded ?? adminNote(refund.reason);
}
