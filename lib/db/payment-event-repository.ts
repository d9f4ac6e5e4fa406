// Append-only log of LINE Pay calls. Rows are only ever inserted; the client has already redacted
// regKeys and never hands over the channel secret, signature or nonce.
import type { Db } from "./client";
import { createId } from "./create-id";
import { sqlOn, type SqlValue } from "./driver-sql";
import { createTurnBatcher } from "./turn-batches";

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

const COLUMNS = `"id", "orderId", "subscriptionId", "chargeAttemptId", "endpoint", "method", "apiPath", "transactionId", "returnCode",
  "returnMessage", "outcome", "httpStatus", "latencyMs", "request", "response", "error", "createdAt"`;
const ROW = `(${COLUMNS.split(",").map(() => "?").join(", ")})`;
/** 17 values a row: 50 rows stay under SQLite's 999 bind variables. */
const MAX_ROWS = 50;

interface PendingEvent {
  row: SqlValue[];
  settle: (error?: unknown) => void;
}
const addEvent = createTurnBatcher<Db, PendingEvent>(MAX_ROWS, (db, events) => void insertPaymentEvents(db, events));

/**
 * Records one LINE Pay call. Calls that end in the same turn of the event loop are written together
 * in one INSERT (group commit): one statement per turn rather than one per call, which matters
 * when a renewal run makes hundreds of calls a second. Every caller still resumes only once its own
 * row is committed (or with its own row's error), as with a single insert.
 */
export function recordPaymentEvent(db: Db, event: PaymentEventInput): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the batch's failure, as caught
    addEvent(db, { row: toRow(event), settle: (error) => (error === undefined ? resolve() : reject(error)) });
  });
}

async function insertPaymentEvents(db: Db, events: PendingEvent[]): Promise<void> {
  try {
    const sql = await sqlOn(db);
    await sql.execute(`INSERT INTO "PaymentEvent" (${COLUMNS}) VALUES ${events.map(() => ROW).join(", ")}`, events.flatMap((e) => e.row));
    for (const event of events) event.settle();
  } catch (error) {
    if (events.length === 1) return events[0]?.settle(error);
    // One bad row must not cost the others their record: write them one by one.
    await Promise.all(events.map((event) => insertPaymentEvents(db, [event])));
  }
}

function toRow(event: PaymentEventInput): SqlValue[] {
  return [
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
  ];
}

export async function listPaymentEventsForOrder(db: Db, orderRowId: string) {
  return db.paymentEvent.findMany({ where: { orderId: orderRowId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}
