// The renewal hot path in direct SQL (lib/db/driver-sql.ts): claim-and-read in one statement, the
// billing period and its new charge attempt in one transaction, and the charge outcome (attempt,
// period, subscription transition, status-change row) in one transaction. Same rows, same rules
// and same unique keys as the Prisma versions; about a tenth of the CPU per renewal.
import { assertOrderTransition, canTransitionOrder, type OrderStatus } from "@/lib/billing/order-status";
import { assertSubscriptionTransition } from "@/lib/billing/subscription-status";
import type { Db } from "./client";
import { createId } from "./create-id";
import { sqlOn, sqlProvider, sqlTransaction, type SqlRunner, type SqlValue } from "./driver-sql";
import { openFirstChargePostgres, recordChargeOutcomePostgres } from "./renewal-charge-postgres";
import type { BillingPeriod, ChargeAttempt } from "./generated/sqlite";
import { SubscriptionStateConflictError, type SubscriptionRecord, type SubscriptionTransition } from "./subscription-repository";

export type BillingPeriodRecord = BillingPeriod;
export type ChargeAttemptRecord = ChargeAttempt;

/** More ids than this per claim would pass SQLite's 999 bind variables. */
export const MAX_CLAIM_IDS = 500;

/**
 * Takes the lease on those of `ids` that are due and unclaimed, in one statement, and returns them
 * as they now are; the others (no longer due, or another runner has them) are left out. A
 * conditional update, so two runners never both win a subscription. On Postgres the rows are
 * locked with SKIP LOCKED first, so two runners claiming overlapping sets neither wait nor deadlock.
 */
export async function claimSubscriptions(db: Db, ids: readonly string[], runnerId: string, now: Date, leaseMs: number): Promise<SubscriptionRecord[]> {
  if (ids.length === 0) return [];
  if (ids.length > MAX_CLAIM_IDS) throw new RangeError(`At most ${MAX_CLAIM_IDS} subscriptions per claim, got ${ids.length}`);
  const list = ids.map(() => "?").join(", ");
  const isClaimable = `"id" IN (${list}) AND "nextActionAt" <= ? AND ("claimUntil" IS NULL OR "claimUntil" < ?)`;
  const target = sqlProvider(db) === "postgres" ? `"id" IN (SELECT "id" FROM "Subscription" WHERE ${isClaimable} FOR UPDATE SKIP LOCKED)` : isClaimable;
  const sql = await sqlOn(db);
  return sql.query<SubscriptionRecord>(`UPDATE "Subscription" SET "claimedBy" = ?, "claimUntil" = ?, "updatedAt" = ? WHERE ${target} RETURNING *`, [
    runnerId,
    new Date(now.getTime() + leaseMs),
    new Date(),
    ...ids,
    now,
    now,
  ]);
}

/** Who a renewal charge bills: its attempt's orderId for each sequence number, and the order's owner. */
export interface RenewalChargeOwner {
  orderIdFor: (sequence: number) => string;
  userId: string;
  planId: string;
}

export interface OpenedCharge {
  period: BillingPeriodRecord;
  /** Attempts that existed before this call, oldest first. */
  attempts: ChargeAttemptRecord[];
  /** The PENDING attempt written now, or null when an earlier attempt must be settled first or no charge is wanted. */
  attempt: ChargeAttemptRecord | null;
}

/**
 * Finds or creates the billing period and, when `charge` is given and no earlier attempt is
 * PENDING or UNKNOWN, writes the next PENDING attempt with `charge.orderIdFor(sequence)`, all in
 * one transaction. The attempt row exists before LINE Pay is called.
 */
export async function openRenewalCharge(
  db: Db,
  input: { subscriptionId: string; periodIndex: number; startsAt: Date; endsAt: Date; amountMinor: number; currency: string },
  charge: RenewalChargeOwner | null,
): Promise<OpenedCharge> {
  if (charge && sqlProvider(db) === "postgres") {
    const first = await openFirstChargePostgres(db, input, charge, charge.orderIdFor(1));
    if (first) return first;
  }
  return sqlTransaction(db, async (sql) => {
    const stamp = new Date();
    // A write first: SQLite takes its write lock now rather than upgrading a read lock later.
    const [created] = await sql.query<BillingPeriodRecord>(
      `INSERT INTO "BillingPeriod" ("id", "subscriptionId", "periodIndex", "startsAt", "endsAt", "amountMinor", "currency", "status", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) ON CONFLICT ("subscriptionId", "periodIndex") DO NOTHING RETURNING *`,
      [createId(), input.subscriptionId, input.periodIndex, input.startsAt, input.endsAt, input.amountMinor, input.currency, stamp, stamp],
    );
    let period = created;
    let attempts: ChargeAttemptRecord[] = [];
    if (!period) {
      [period] = await sql.query<BillingPeriodRecord>(`SELECT * FROM "BillingPeriod" WHERE "subscriptionId" = ? AND "periodIndex" = ?`, [
        input.subscriptionId,
        input.periodIndex,
      ]);
      if (!period) throw new Error(`Billing period ${input.periodIndex} of ${input.subscriptionId} vanished`);
      attempts = await sql.query<ChargeAttemptRecord>(`SELECT * FROM "ChargeAttempt" WHERE "periodId" = ? ORDER BY "attemptNumber" ASC`, [period.id]);
    }
    const isUnsettled = attempts.some((a) => a.status === "PENDING" || a.status === "UNKNOWN");
    if (!charge || isUnsettled) return { period, attempts, attempt: null };
    const sequence = attempts.length + 1;
    const orderId = charge.orderIdFor(sequence);
    const [attempt] = await sql.query<ChargeAttemptRecord>(
      `INSERT INTO "ChargeAttempt" ("id", "periodId", "attemptNumber", "orderId", "status", "amountMinor", "currency", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?) RETURNING *`,
      [createId(), period.id, sequence, orderId, input.amountMinor, input.currency, stamp, stamp],
    );
    // The charge is also an order (kind RENEWAL), so the back office lists and refunds it like any other.
    await sql.execute(
      `INSERT INTO "Order" ("id", "orderId", "userId", "planId", "kind", "subscriptionId", "amountMinor", "currency", "status", "refundedMinor", "refundPendingMinor", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, 'RENEWAL', ?, ?, ?, 'CONFIRMING', 0, 0, ?, ?)`,
      [createId(), orderId, charge.userId, charge.planId, input.subscriptionId, input.amountMinor, input.currency, stamp, stamp],
    );
    return { period, attempts, attempt: attempt ?? null };
  });
}

export interface ChargeOutcomeWrite {
  attempt: {
    id: string;
    status: "SUCCEEDED" | "DECLINED" | "REGKEY_DEAD" | "UNKNOWN";
    transactionId: string | null;
    returnCode: string | null;
    returnMessage: string | null;
    settledAt: Date | null;
    /** The period id when SUCCEEDED: unique, so a period can never be paid twice. */
    paidPeriodKey: string | null;
  } | null;
  period: { id: string; status: "PAID" | "UNPAID"; paidAt: Date | null } | null;
  transition: Omit<SubscriptionTransition, "data" | "unclaimedAt"> & { data: Partial<Record<SubscriptionColumn, SqlValue>> };
}

/** What a renewal may change on a subscription besides its status. */
const SUBSCRIPTION_COLUMNS = [
  "currentPeriodIndex", "currentPeriodStart", "currentPeriodEnd", "nextActionAt", "graceUntil", "endedAt", "claimedBy", "claimUntil",
] as const;
export type SubscriptionColumn = (typeof SUBSCRIPTION_COLUMNS)[number];

/** Records a charge's outcome and moves the subscription, in one transaction. */
export async function recordChargeOutcome(db: Db, write: ChargeOutcomeWrite): Promise<SubscriptionRecord> {
  const { transition } = write;
  if (transition.from !== transition.to) assertSubscriptionTransition(transition.from, transition.to);
  if (sqlProvider(db) === "postgres") {
    const row = await recordChargeOutcomePostgres(db, write, subscriptionSets(transition, new Date()));
    if (!row) throw new SubscriptionStateConflictError(`Subscription ${transition.id} is no longer ${transition.from}`);
    return row;
  }
  return sqlTransaction(db, async (sql) => {
    const stamp = new Date();
    if (write.attempt) {
      const a = write.attempt;
      await sql.execute(
        `UPDATE "ChargeAttempt" SET "status" = ?, "transactionId" = ?, "returnCode" = ?, "returnMessage" = ?, "settledAt" = ?, "paidPeriodKey" = ?, "updatedAt" = ? WHERE "id" = ?`,
        [a.status, a.transactionId, a.returnCode, a.returnMessage, a.settledAt, a.paidPeriodKey, stamp, a.id],
      );
    }
    if (write.period) {
      await sql.execute(`UPDATE "BillingPeriod" SET "status" = ?, "paidAt" = COALESCE(?, "paidAt"), "updatedAt" = ? WHERE "id" = ?`, [
        write.period.status,
        write.period.paidAt,
        stamp,
        write.period.id,
      ]);
    }
    if (write.attempt) await settleRenewalOrderSqlite(sql, write.attempt, transition, stamp);
    const row = await applyTransition(sql, transition, stamp);
    for (const entry of chargeAuditEntries(write)) {
      await sql.execute(
        `INSERT INTO "AuditEntry" ("id", "actor", "actorLabel", "action", "targetType", "targetId", "reason", "before", "after", "createdAt")
         VALUES (?, ?, ?, ?, 'SUBSCRIPTION', ?, ?, ?, ?, ?)`,
        [createId(), transition.actor, transition.actor, entry.action, transition.id, transition.reason, entry.before, entry.after, stamp],
      );
    }
    return row;
  });
}

/** The renewal order's status for an attempt outcome, and the statuses it may move from. */
export function renewalOrderMove(attemptStatus: NonNullable<ChargeOutcomeWrite["attempt"]>["status"]): { to: OrderStatus; from: OrderStatus[] } {
  const to: OrderStatus = attemptStatus === "SUCCEEDED" ? "PAID" : attemptStatus === "UNKNOWN" ? "UNKNOWN" : "FAILED";
  return { to, from: (["CONFIRMING", "UNKNOWN"] as const).filter((from) => canTransitionOrder(from, to)) };
}

/** Moves the attempt's RENEWAL order with the outcome (and records the change), if it may move. */
async function settleRenewalOrderSqlite(sql: SqlRunner, attempt: NonNullable<ChargeOutcomeWrite["attempt"]>, transition: ChargeOutcomeWrite["transition"], stamp: Date) {
  const move = renewalOrderMove(attempt.status);
  const [order] = await sql.query<{ id: string; status: OrderStatus }>(
    `SELECT o."id", o."status" FROM "Order" o JOIN "ChargeAttempt" a ON a."orderId" = o."orderId" WHERE a."id" = ?`,
    [attempt.id],
  );
  if (!order || !move.from.includes(order.status)) return;
  assertOrderTransition(order.status, move.to);
  await sql.execute(
    `UPDATE "Order" SET "status" = ?, "transactionId" = COALESCE(?, "transactionId"), "paidAt" = COALESCE(?, "paidAt"), "failureCode" = ?, "failureMessage" = ?, "updatedAt" = ?
     WHERE "id" = ? AND "status" = ?`,
    [move.to, attempt.transactionId, move.to === "PAID" ? stamp : null, move.to === "PAID" ? null : attempt.returnCode, move.to === "PAID" ? null : attempt.returnMessage, stamp, order.id, order.status],
  );
  await sql.execute(
    `INSERT INTO "OrderStatusChange" ("id", "orderId", "fromStatus", "toStatus", "actor", "reason", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [createId(), order.id, order.status, move.to, transition.actor, transition.reason, stamp],
  );
}

/**
 * The audit entries of a charge outcome (an automatic money action): the charge itself, and the
 * subscription's status change when there is one, as the Prisma transition would record it.
 */
export function chargeAuditEntries(write: ChargeOutcomeWrite): { action: string; before: string; after: string }[] {
  const { transition, attempt } = write;
  const entries: { action: string; before: string; after: string }[] = [];
  if (attempt) {
    entries.push({
      action: "renewal.charge",
      before: JSON.stringify({ attemptId: attempt.id, subscriptionStatus: transition.from }),
      after: JSON.stringify({ attemptId: attempt.id, attempt: attempt.status, transactionId: attempt.transactionId, returnCode: attempt.returnCode, subscriptionStatus: transition.to }),
    });
  }
  if (transition.from !== transition.to) {
    entries.push({ action: "subscription.status", before: JSON.stringify({ status: transition.from }), after: JSON.stringify({ status: transition.to }) });
  }
  return entries;
}

/** The SET list of a transition: the allowed columns it changes, the status, and liveKey when it ends. */
function subscriptionSets(input: ChargeOutcomeWrite["transition"], stamp: Date): { sets: string[]; args: SqlValue[] } {
  const sets: string[] = [];
  const args: SqlValue[] = [];
  for (const column of SUBSCRIPTION_COLUMNS) {
    if (!(column in input.data)) continue;
    sets.push(`"${column}" = ?`);
    args.push(input.data[column] ?? null);
  }
  sets.push(`"status" = ?`, `"updatedAt" = ?`);
  args.push(input.to, stamp);
  if (input.to === "EXPIRED") sets.push(`"liveKey" = NULL`);
  return { sets, args };
}

/** The direct-SQL twin of applySubscriptionTransition: compare-and-set on status, then the history row. */
async function applyTransition(sql: SqlRunner, input: ChargeOutcomeWrite["transition"], stamp: Date): Promise<SubscriptionRecord> {
  const { sets, args } = subscriptionSets(input, stamp);
  const [row] = await sql.query<SubscriptionRecord>(`UPDATE "Subscription" SET ${sets.join(", ")} WHERE "id" = ? AND "status" = ? RETURNING *`, [
    ...args,
    input.id,
    input.from,
  ]);
  if (!row) throw new SubscriptionStateConflictError(`Subscription ${input.id} is no longer ${input.from}`);
  if (input.from !== input.to) {
    await sql.execute(
      `INSERT INTO "SubscriptionStatusChange" ("id", "subscriptionId", "fromStatus", "toStatus", "actor", "reason", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [createId(), input.id, input.from, input.to, input.actor, input.reason, stamp],
    );
  }
  return row;
}
