// Append-only log of LINE Pay calls. Rows are only ever inserted; the client has already redacted
// regKeys and never hands over the channel secret, signature or nonce.
import type { Db } from "./client";
import { createId } from "./create-id";
import { sqlOn } from "./driver-sql";

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

/** One insert per LINE Pay call, renewals included, so it is direct SQL (see driver-sql.ts). */
export async function recordPaymentEvent(db: Db, event: PaymentEventInput): Promise<void> {
  const sql = await sqlOn(db);
  await sql.execute(
    `INSERT INTO "PaymentEvent" ("id", "orderId", "subscriptionId", "chargeAttemptId", "endpoint", "method", "apiPath", "transactionId", "returnCode",
       "returnMessage", "outcome", "httpStatus", "latencyMs", "request", "response", "error", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      createId(),
      event.orderRowId ?? null,
      event.subscriptionId ?? null,
      event.chargeAttemptId ?? null,
      event.endpoint,
      event.method,
      event.apiPath,
      event.transactionId ?? null,
      event.returnCode ?? null,
      event.returnMessage ?? null,
      event.outcome,
      event.httpStatus ?? null,
      Math.round(event.latencyMs),
      event.request,
      event.response ?? null,
      event.error ?? null,
      new Date(),
    ],
  );
}

export async function listPaymentEventsForOrder(db: Db, orderRowId: string) {
  return db.paymentEvent.findMany({ where: { orderId: orderRowId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}
