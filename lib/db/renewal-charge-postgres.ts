// Postgres only: the two renewal writes as one statement each (data-modifying CTEs), so a renewal
// makes 4 round trips to the server instead of 11 (BEGIN and COMMIT included). On this machine a
// Postgres round trip's socket write alone cost more main-thread time than the rest of a renewal.
// Each statement is atomic on its own; SQLite has no data-modifying CTEs and keeps transactions
// (renewal-charge-repository.ts), which cost it next to nothing.
import type { Db } from "./client";
import { createId } from "./create-id";
import { sqlOn, type SqlValue } from "./driver-sql";
import { chargeAuditEntries, renewalOrderMove, type BillingPeriodRecord, type ChargeAttemptRecord, type ChargeOutcomeWrite, type OpenedCharge } from "./renewal-charge-repository";
import type { SubscriptionRecord } from "./subscription-repository";

/**
 * The common case in one statement: the period is new, so attempt 1 is written with it. Returns
 * null when the period already existed (the caller then takes the transactional path).
 */
export async function openFirstChargePostgres(
  db: Db,
  input: { subscriptionId: string; periodIndex: number; startsAt: Date; endsAt: Date; amountMinor: number; currency: string },
  owner: { userId: string; planId: string },
  orderId: string,
): Promise<OpenedCharge | null> {
  const stamp = new Date();
  const periodId = createId();
  const sql = await sqlOn(db);
  const [attempt] = await sql.query<ChargeAttemptRecord>(
    `WITH p AS (
       INSERT INTO "BillingPeriod" ("id", "subscriptionId", "periodIndex", "startsAt", "endsAt", "amountMinor", "currency", "status", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) ON CONFLICT ("subscriptionId", "periodIndex") DO NOTHING RETURNING *
     ),
     o AS (
       INSERT INTO "Order" ("id", "orderId", "userId", "planId", "kind", "subscriptionId", "amountMinor", "currency", "status", "refundedMinor", "refundPendingMinor", "createdAt", "updatedAt")
       SELECT ?::text, ?::text, ?::text, ?::text, 'RENEWAL'::"OrderKind", p."subscriptionId", p."amountMinor", p."currency", 'CONFIRMING'::"OrderStatus", 0, 0, p."createdAt", p."updatedAt" FROM p
     )
     INSERT INTO "ChargeAttempt" ("id", "periodId", "attemptNumber", "orderId", "status", "amountMinor", "currency", "createdAt", "updatedAt")
     SELECT ?::text, p."id", 1, ?::text, 'PENDING'::"ChargeAttemptStatus", p."amountMinor", p."currency", p."createdAt", p."updatedAt" FROM p
     RETURNING *`,
    [periodId, input.subscriptionId, input.periodIndex, input.startsAt, input.endsAt, input.amountMinor, input.currency, stamp, stamp, createId(), orderId, owner.userId, owner.planId, createId(), orderId],
  );
  if (!attempt) return null;
  const period: BillingPeriodRecord = {
    id: periodId,
    subscriptionId: input.subscriptionId,
    periodIndex: input.periodIndex,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    amountMinor: input.amountMinor,
    currency: input.currency,
    status: "OPEN",
    paidAt: null,
    paidByOrderId: null,
    createdAt: stamp,
    updatedAt: stamp,
  };
  return { period, attempts: [], attempt };
}

/**
 * The subscription's compare-and-set first; the attempt, period and history row are written only
 * if it matched, all in one statement (a unique-key failure, e.g. a second paid attempt for the
 * period, undoes all of it). Returns null when the subscription was no longer in `from`.
 */
export async function recordChargeOutcomePostgres(
  db: Db,
  write: ChargeOutcomeWrite,
  subscriptionSets: { sets: string[]; args: SqlValue[] },
): Promise<SubscriptionRecord | null> {
  const stamp = new Date();
  const { transition, attempt, period } = write;
  const parts = [`s AS (UPDATE "Subscription" SET ${subscriptionSets.sets.join(", ")} WHERE "id" = ? AND "status" = ?::"SubscriptionStatus" RETURNING *)`];
  const args: SqlValue[] = [...subscriptionSets.args, transition.id, transition.from];
  if (attempt) {
    parts.push(
      `a AS (UPDATE "ChargeAttempt" SET "status" = ?::"ChargeAttemptStatus", "transactionId" = ?::text, "returnCode" = ?::text, "returnMessage" = ?::text,
         "settledAt" = ?::timestamp(3), "paidPeriodKey" = ?::text, "updatedAt" = ?::timestamp(3) WHERE "id" = ? AND EXISTS (SELECT 1 FROM s))`,
    );
    args.push(attempt.status, attempt.transactionId, attempt.returnCode, attempt.returnMessage, attempt.settledAt, attempt.paidPeriodKey, stamp, attempt.id);
  }
  if (attempt) {
    // The attempt's RENEWAL order moves with it (read before the update: the old status is recorded).
    const move = renewalOrderMove(attempt.status);
    parts.push(
      `ro AS (SELECT o."id", o."status" AS "old" FROM "Order" o WHERE o."orderId" = (SELECT "orderId" FROM "ChargeAttempt" WHERE "id" = ?)
         AND o."status"::text = ANY(string_to_array(?::text, ',')) AND EXISTS (SELECT 1 FROM s))`,
      `ou AS (UPDATE "Order" o SET "status" = ?::"OrderStatus", "transactionId" = COALESCE(?::text, o."transactionId"), "paidAt" = COALESCE(?::timestamp(3), o."paidAt"),
         "failureCode" = ?::text, "failureMessage" = ?::text, "updatedAt" = ?::timestamp(3) FROM ro WHERE o."id" = ro."id" RETURNING o."id", ro."old")`,
      `oh AS (INSERT INTO "OrderStatusChange" ("id", "orderId", "fromStatus", "toStatus", "actor", "reason", "createdAt")
         SELECT ?::text, ou."id", ou."old", ?::"OrderStatus", ?::text, ?::text, ?::timestamp(3) FROM ou)`,
    );
    const isPaid = move.to === "PAID";
    args.push(attempt.id, move.from.join(","));
    args.push(move.to, attempt.transactionId, isPaid ? stamp : null, isPaid ? null : attempt.returnCode, isPaid ? null : attempt.returnMessage, stamp);
    args.push(createId(), move.to, transition.actor, transition.reason, stamp);
  }
  if (period) {
    parts.push(
      `p AS (UPDATE "BillingPeriod" SET "status" = ?::"BillingPeriodStatus", "paidAt" = COALESCE(?::timestamp(3), "paidAt"), "updatedAt" = ?::timestamp(3)
         WHERE "id" = ? AND EXISTS (SELECT 1 FROM s))`,
    );
    args.push(period.status, period.paidAt, stamp, period.id);
  }
  if (transition.from !== transition.to) {
    parts.push(
      `h AS (INSERT INTO "SubscriptionStatusChange" ("id", "subscriptionId", "fromStatus", "toStatus", "actor", "reason", "createdAt")
         SELECT ?::text, s."id", ?::"SubscriptionStatus", s."status", ?::text, ?::text, ?::timestamp(3) FROM s)`,
    );
    args.push(createId(), transition.from, transition.actor, transition.reason, stamp);
  }
  chargeAuditEntries(write).forEach((entry, i) => {
    parts.push(
      `au${i} AS (INSERT INTO "AuditEntry" ("id", "actor", "actorLabel", "action", "targetType", "targetId", "reason", "before", "after", "createdAt")
         SELECT ?::text, ?::text, ?::text, ?::text, 'SUBSCRIPTION', s."id", ?::text, ?::text, ?::text, ?::timestamp(3) FROM s)`,
    );
    args.push(createId(), transition.actor, transition.actor, entry.action, transition.reason, entry.before, entry.after, stamp);
  });
  const sql = await sqlOn(db);
  const [row] = await sql.query<SubscriptionRecord>(`WITH ${parts.join(",\n")} SELECT * FROM s`, args);
  return row ?? null;
}
