// Notices of ATM transfer orders: the instructions, written in the same transaction that gives the
// order its virtual account, and the reminder a day before the account closes, queued by the notice
// sender's run only while the order still waits for the money (a paid or expired order gets none).
import type { Transaction } from "kysely";
import { isTransferReminderDue, TRANSFER_REMINDER_LEAD_MS } from "@/lib/billing/transfer-reminder";
import { sqlOf, type Db } from "./client";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { enqueueNotice } from "./notice-outbox";

/** SinoPac's bank code, the one every virtual account it opens belongs to. */
export const TRANSFER_BANK_CODE = "807";

interface TransferOrder {
  id: string;
  orderId: string;
  userId: string;
  amountMinor: number;
  currency: string;
  providerAccount: string;
  payBy: Date;
  planCode: string;
  planName: string;
}

export async function enqueueTransferNotice(
  tx: Transaction<Database>,
  kind: "transfer-instructions" | "transfer-reminder",
  order: TransferOrder,
  stamp: Date,
): Promise<void> {
  await enqueueNotice(
    tx,
    {
      kind,
      eventId: order.id,
      userId: order.userId,
      orderId: order.id,
      payload: {
        orderId: order.orderId,
        planCode: order.planCode,
        planName: order.planName,
        amountMinor: order.amountMinor,
        currency: order.currency,
        bankCode: TRANSFER_BANK_CODE,
        virtualAccount: order.providerAccount,
        payBy: order.payBy.toISOString(),
      },
    },
    stamp,
  );
}

/** Queues the reminders that are due now; the dedupe key (one per order) makes each one once. */
export async function queueTransferReminders(db: Db, now: Date): Promise<number> {
  const sql = sqlOf(db);
  const candidates = await sql
    .selectFrom("Order")
    .innerJoin("Plan", "Plan.id", "Order.planId")
    .select([
      "Order.id",
      "Order.orderId",
      "Order.userId",
      "Order.amountMinor",
      "Order.currency",
      "Order.providerAccount",
      "Order.payBy",
      "Order.createdAt",
      "Plan.code as planCode",
      "Plan.name as planName",
    ])
    .where("Order.status", "=", "PENDING")
    .where("Order.providerAccount", "is not", null)
    .where("Order.payBy", ">", now)
    .where("Order.payBy", "<=", new Date(now.getTime() + TRANSFER_REMINDER_LEAD_MS))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("Notice")
            .select("Notice.id")
            .whereRef("Notice.orderId", "=", "Order.id")
            .where("Notice.kind", "=", "transfer-reminder"),
        ),
      ),
    )
    .execute();
  const due = candidates.flatMap((row) =>
    row.providerAccount !== null &&
    row.payBy !== null &&
    isTransferReminderDue({ openedAt: row.createdAt, payBy: row.payBy }, now)
      ? [{ ...row, providerAccount: row.providerAccount, payBy: row.payBy }]
      : [],
  );
  if (due.length === 0) return 0;
  await sql.transaction().execute(async (tx) => {
    for (const order of due) await enqueueTransferNotice(tx, "transfer-reminder", order, now);
  });
  return due.length;
}
