// Everything the back office shows about one order: the order, its shopper and plan, refunds,
// status history, provider calls (PaymentEvents), SinoPac PayTokens and audit entries.
import type { Db } from "./client";
import { listAuditEntries, type AuditEntryRecord } from "./audit-repository";
import { listProviderTokensForOrder, type ProviderTokenRecord } from "./collection-repository";
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
    reasonCode: string | null;
    reasonParams: string | null;
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
  /** The page of paymentEvents shown (1-based, clamped to the last page) and the pages in all. */
  paymentEventPage: { page: number; pageCount: number; total: number; pageSize: number };
  audit: AuditEntryRecord[];
  /** Tokens a bank collection provider (SinoPac) handed back for this order: its PayTokens. */
  providerTokens: ProviderTokenRecord[];
}

/** LINE Pay calls per page of the order page: a page stays small however many calls an order has. */
export const PAYMENT_EVENTS_PAGE_SIZE = 50;

export async function findAdminOrderDetail(
  db: Db,
  merchantOrderId: string,
  { eventsPage = 1 }: { eventsPage?: number } = {},
): Promise<AdminOrderDetail | null> {
  const order = await db.order.findUnique({
    where: { orderId: merchantOrderId },
    include: {
      user: { select: { id: true, email: true } },
      plan: { select: { code: true, name: true, captureMode: true } },
    },
  });
  if (!order) return null;
  const pageSize = PAYMENT_EVENTS_PAGE_SIZE;
  const [refunds, statusChanges, events, audit, providerTokens] = await Promise.all([
    db.refund.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" } }),
    listOrderStatusChanges(db, order.id),
    listPaymentEventsForOrder(db, order.id, { page: eventsPage, pageSize }),
    listAuditEntries(db, { targetType: "ORDER", targetIds: [order.orderId] }, 500),
    order.provider === "LINEPAY" ? [] : listProviderTokensForOrder(db, order.id),
  ]);
  const pageCount = Math.max(1, Math.ceil(events.total / pageSize));
  // A page past the end (an old link) shows the last one.
  const shown =
    eventsPage > pageCount
      ? await listPaymentEventsForOrder(db, order.id, { page: pageCount, pageSize })
      : events;
  return {
    order,
    refunds,
    statusChanges,
    paymentEvents: shown.events,
    paymentEventPage: {
      page: Math.min(eventsPage, pageCount),
      pageCount,
      total: events.total,
      pageSize,
    },
    audit,
    providerTokens,
  };
}
