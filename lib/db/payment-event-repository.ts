// Append-only log of LINE Pay calls. Rows are only ever inserted; the client has already redacted
// regKeys and never hands over the channel secret, signature or nonce.
import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import { sqlOf, type Db } from "./client";
import type { PaymentEvent } from "./generated/kysely/postgres/database";
import { createTurnBatcher } from "./turn-batches";

export interface PaymentEventInput {
  /** When the call was made on the app's clock (the test clock in development); default: now. */
  createdAt?: Date;
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

/** 17 values a row: 50 rows stay under SQLite's 999 bind variables. */
const MAX_ROWS = 50;

interface PendingEvent {
  row: Insertable<PaymentEvent>;
  settle: (error?: unknown) => void;
}
const addEvent = createTurnBatcher<Db, PendingEvent>(
  MAX_ROWS,
  (db, events) => void insertPaymentEvents(db, events),
);

/**
 * Records one LINE Pay call. Calls that end in the same turn of the event loop are written together
 * in one INSERT (group commit): one statement per turn rather than one per call, which matters
 * when a renewal run makes hundreds of calls a second. Every caller still resumes only once its own
 * row is committed (or with its own row's error), as with a single insert.
 */
export function recordPaymentEvent(db: Db, event: PaymentEventInput): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    addEvent(db, {
      row: toRow(event),
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the batch's failure, as caught
      settle: (error) => (error === undefined ? resolve() : reject(error)),
    });
  });
}

async function insertPaymentEvents(db: Db, events: PendingEvent[]): Promise<void> {
  try {
    await sqlOf(db)
      .insertInto("PaymentEvent")
      .values(events.map((event) => event.row))
      .execute();
    for (const event of events) event.settle();
  } catch (error) {
    if (events.length === 1) return events[0]?.settle(error);
    // One bad row must not cost the others their record: write them one by one.
    await Promise.all(events.map((event) => insertPaymentEvents(db, [event])));
  }
}

function toRow(event: PaymentEventInput): Insertable<PaymentEvent> {
  return {
    id: randomUUID(),
    orderId: event.orderRowId ?? null,
    subscriptionId: event.subscriptionId ?? null,
    chargeAttemptId: event.chargeAttemptId ?? null,
    endpoint: event.endpoint,
    method: event.method,
    apiPath: event.apiPath,
    transactionId: event.transactionId ?? null,
    returnCode: event.returnCode ?? null,
    returnMessage: event.returnMessage ?? null,
    outcome: event.outcome,
    httpStatus: event.httpStatus ?? null,
    latencyMs: Math.round(event.latencyMs),
    request: event.request,
    response: event.response ?? null,
    error: event.error ?? null,
    createdAt: event.createdAt ?? new Date(),
  };
}

/** One page of an order's LINE Pay calls, oldest first (page 1 is the first), and how many in all. */
export async function listPaymentEventsForOrder(
  db: Db,
  orderRowId: string,
  { page, pageSize }: { page: number; pageSize: number },
) {
  const [events, total] = await Promise.all([
    db.paymentEvent.findMany({
      where: { orderId: orderRowId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.paymentEvent.count({ where: { orderId: orderRowId } }),
  ]);
  return { events, total };
}
