// Append-only log of LINE Pay calls. Rows are only ever inserted; the client has already redacted
// regKeys and never hands over the channel secret, signature or nonce.
import type { Db } from "./client";

export interface PaymentEventInput {
  orderRowId?: string | null;
  subscriptionId?: string | null;
  chargeAttemptId?: string | null;
  endpoint: string;
  method: string;
  apiPath: string;
  transactionId?: string | null;
  returnCode?: string | null;
  returnMessage?: string | null;
  outcome: "SUCCESS" | "FAILURE" | "UNKNOWN";
  httpStatus?: number | null;
  latencyMs: number;
  request: string;
  response?: string | null;
  error?: string | null;
}

export async function recordPaymentEvent(db: Db, event: PaymentEventInput): Promise<void> {
  const { orderRowId, ...rest } = event;
  await db.paymentEvent.create({ data: { ...rest, orderId: orderRowId ?? null, latencyMs: Math.round(rest.latencyMs) } });
}

export async function listPaymentEventsForOrder(db: Db, orderRowId: string) {
  return db.paymentEvent.findMany({ where: { orderId: orderRowId }, orderBy: { createdAt: "asc" } });
}
