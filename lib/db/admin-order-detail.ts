// Everything the back office shows about one order: the order, its shopper and plan, refunds,
// status history, LINE Pay calls (PaymentEvents) and audit entries.
import type { Db } from "./client";
import { listAuditEntries, type AuditEntryRecord } from "./audit-repository";
import { listOrderStatusChanges, type OrderRecord } from "./order-repository";
import { listPaymentEventsForOrder } from "./payment-event-repository";
import type { RefundRecord } from "./refund-repository";

export interface AdminOrderDetail {
  order: OrderRecord & {
    user: { id: string; email: string };
    plan: { code: string; name: string; captureMode: "AUTOMATIC" | "MANUAL" };
  };
  refunds: RefundRecord[];
  statusChanges: {
    id: string;
    fromStatus: string;
    toStatus: string;
    actor: string;
    reason: string;
    createdAt: Date;
  }[];
  paymentEvents: {
    id: string;
    endpoint: string;
    method: string;
    apiPath: string;
    transactionId: string | null;
    returnCode: string | null;
    returnMessage: string | null;
    outcome: "SUCCESS" | "FAILURE" | "UNKNOWN";
    httpStatus: number | null;
    latencyMs: number;
    request: string;
    response: string | null;
    error: string | null;
    createdAt: Date;
  }[];
  audit: AuditEntryRecord[];
}

export async function findAdminOrderDetail(
  db: Db,
  merchantOrderId: string,
): Promise<AdminOrderDetail | null> {
  const order = await db.order.findUnique({
    where: { orderId: merchantOrderId },
    include: {
      user: { select: { id: true, email: true } },
      plan: { select: { code: true, name: true, captureMode: true } },
    },
  });
  if (!order) return null;
  const [refunds, statusChanges, paymentEvents, audit] = await Promise.all([
    db.refund.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" } }),
    listOrderStatusChanges(db, order.id),
    listPaymentEventsForOrder(db, order.id),
    listAuditEntries(db, { targetType: "ORDER", targetIds: [order.orderId] }, 500),
  ]);
  return { order, refunds, statusChanges, paymentEvents, audit };
}
