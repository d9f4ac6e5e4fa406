// What a receipt shows for one paid order: what was bought, for which period, how it was paid,
// the provider's reference, and the refunds since. Null unless money was taken for the order.
import { hasMoneyMoved, type OrderStatus } from "@/lib/billing/order-status";
import { sqlOf, type Db } from "./client";

export interface Receipt {
  orderId: string;
  userId: string;
  email: string;
  status: OrderStatus;
  kind: string;
  planCode: string;
  planName: string;
  amountMinor: number;
  currency: string;
  refundedMinor: number;
  paidAt: Date | null;
  provider: string;
  providerReference: string | null;
  /** The VIP time this payment bought, when it bought a period or a pass. */
  period: { startsAt: Date; endsAt: Date } | null;
  refunds: { amountMinor: number; settledAt: Date | null; reference: string | null }[];
}

export async function findReceipt(db: Db, orderId: string): Promise<Receipt | null> {
  const sql = sqlOf(db);
  const order = await sql
    .selectFrom("Order")
    .innerJoin("Plan", "Plan.id", "Order.planId")
    .innerJoin("User", "User.id", "Order.userId")
    .select([
      "Order.id",
      "Order.orderId",
      "Order.userId",
      "User.email",
      "Order.status",
      "Order.kind",
      "Plan.code as planCode",
      "Plan.name as planName",
      "Order.amountMinor",
      "Order.currency",
      "Order.refundedMinor",
      "Order.paidAt",
      "Order.provider",
      "Order.transactionId",
    ])
    .where("Order.orderId", "=", orderId)
    .executeTakeFirst();
  if (!order || !hasMoneyMoved(order.status)) return null;
  const [pass, paidPeriod, renewedPeriod, refunds] = await Promise.all([
    sql
      .selectFrom("Entitlement")
      .select(["startsAt", "endsAt"])
      .where("orderId", "=", order.id)
      .executeTakeFirst(),
    sql
      .selectFrom("BillingPeriod")
      .select(["startsAt", "endsAt"])
      .where("paidByOrderId", "=", order.id)
      .executeTakeFirst(),
    sql
      .selectFrom("ChargeAttempt")
      .innerJoin("BillingPeriod", "BillingPeriod.id", "ChargeAttempt.periodId")
      .select(["BillingPeriod.startsAt", "BillingPeriod.endsAt"])
      .where("ChargeAttempt.orderId", "=", order.orderId)
      .where("ChargeAttempt.status", "=", "SUCCEEDED")
      .executeTakeFirst(),
    sql
      .selectFrom("Refund")
      .select(["amountMinor", "settledAt", "refundTransactionId as reference"])
      .where("orderId", "=", order.id)
      .where("status", "=", "SUCCEEDED")
      .orderBy("createdAt")
      .execute(),
  ]);
  const { id: _rowId, transactionId, ...rest } = order;
  return {
    ...rest,
    providerReference: transactionId,
    period: pass ?? paidPeriod ?? renewedPeriod ?? null,
    refunds,
  };
}
