// What the renewal engine reads and writes besides the charge itself: due subscriptions, lease
// release and run records. Leases are taken, and periods and attempts written, in
// renewal-charge-repository.ts (typed SQL: it runs once or more per renewal).
import { sqlOf, type Db } from "./client";
import { findSubscription, type DbTx, type SubscriptionRecord } from "./subscription-repository";
import {
  applySubscriptionTransition,
  type SubscriptionTransition,
} from "./subscription-transition";

/**
 * Subscriptions whose next action is due and that no runner holds, earliest first, skipping
 * `exclude` (what this run already picked). `exclude` grows with every subscription a run handles,
 * so it is not sent as a NOT IN list: past Prisma's bind-variable limit (999 on SQLite, 32,766 on
 * Postgres) that query fails (P2029), i.e. a run stopped after ~990 subscriptions on SQLite. Due rows
 * are read a page at a time (keyset on nextActionAt, id) and excluded ids skipped here; a handled
 * subscription is normally no longer due, so the first page is almost always enough.
 */
export async function findDueSubscriptionIds(
  db: Db,
  now: Date,
  limit: number,
  exclude: ReadonlySet<string>,
): Promise<string[]> {
  const ids: string[] = [];
  let after: { nextActionAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await db.subscription.findMany({
      where: {
        nextActionAt: { lte: now },
        status: { in: ["ACTIVE", "PAST_DUE", "NEEDS_REBIND", "CANCELED", "EXPIRED"] },
        AND: [
          { OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] },
          ...(after
            ? [
                {
                  OR: [
                    { nextActionAt: { gt: after.nextActionAt } },
                    { nextActionAt: after.nextActionAt, id: { gt: after.id } },
                  ],
                },
              ]
            : []),
        ],
      },
      orderBy: [{ nextActionAt: "asc" }, { id: "asc" }],
      take: limit,
      select: { id: true, nextActionAt: true },
    });
    for (const row of rows) {
      if (exclude.has(row.id)) continue;
      ids.push(row.id);
      if (ids.length === limit) return ids;
    }
    const last = rows.at(-1);
    if (rows.length < limit || !last?.nextActionAt) return ids;
    after = { nextActionAt: last.nextActionAt, id: last.id };
  }
}

export async function releaseSubscription(
  db: Db | DbTx,
  id: string,
  runnerId: string,
): Promise<void> {
  await db.subscription.updateMany({
    where: { id, claimedBy: runnerId },
    data: { claimedBy: null, claimUntil: null },
  });
}

/** Reconciliation: a charge proven never made leaves the subscription due now for the next run. */
export async function makeDueAndRelease(
  db: Db,
  id: string,
  runnerId: string,
  now: Date,
): Promise<void> {
  await db.subscription.updateMany({
    where: { id, claimedBy: runnerId },
    data: { nextActionAt: now, claimedBy: null, claimUntil: null },
  });
}

/** Sets when the engine next looks at the subscription (null: never) and releases its claim. */
export async function scheduleNextAction(
  db: Db,
  id: string,
  at: Date | null,
): Promise<SubscriptionRecord> {
  return db.subscription.update({
    where: { id },
    data: { nextActionAt: at, claimedBy: null, claimUntil: null },
    omit: { regKeyCiphertext: false },
  });
}

/** An ended subscription's regKey was released at the provider: forget it, nothing more to do. */
export async function forgetRegKeyAndRelease(db: Db, id: string): Promise<SubscriptionRecord> {
  return db.subscription.update({
    where: { id },
    data: {
      regKeyCiphertext: null,
      regKeyKeyId: null,
      nextActionAt: null,
      claimedBy: null,
      claimUntil: null,
    },
    omit: { regKeyCiphertext: false },
  });
}

/**
 * Ends a subscription (the transition) in one transaction with leaving its open due period
 * `unpaidPeriodIndex` UNPAID (a re-bind that never came), when given.
 */
export async function endSubscription(
  db: Db,
  transition: SubscriptionTransition,
  unpaidPeriodIndex: number | null,
): Promise<SubscriptionRecord> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      if (unpaidPeriodIndex !== null) {
        await tx
          .updateTable("BillingPeriod")
          .set({ status: "UNPAID", updatedAt: new Date() })
          .where("subscriptionId", "=", transition.id)
          .where("periodIndex", "=", unpaidPeriodIndex)
          .where("status", "=", "OPEN")
          .execute();
      }
      return applySubscriptionTransition(tx, transition);
    });
}

/** A PENDING/UNKNOWN renewal attempt the provider proved it never charged. */
export async function markAttemptNotCharged(
  db: Db,
  attemptId: string,
  settledAt: Date,
  returnMessage: string,
): Promise<void> {
  await db.chargeAttempt.update({
    where: { id: attemptId },
    data: { status: "NOT_CHARGED", settledAt, returnMessage },
  });
}

/**
 * Reconciliation: takes a subscription's lease whether or not it is due (its open charge is what
 * is settled, not the next one). Null while a renewal runner holds it.
 */
export async function claimSubscriptionForSettlement(
  db: Db,
  id: string,
  runnerId: string,
  now: Date,
  leaseMs: number,
): Promise<SubscriptionRecord | null> {
  const { count } = await db.subscription.updateMany({
    where: { id, OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] },
    data: { claimedBy: runnerId, claimUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1 ? findSubscription(db, id) : null;
}

export async function startRenewalRun(
  db: Db,
  input: { trigger: string; runnerId: string; startedAt: Date },
) {
  return db.renewalRun.create({ data: input });
}

export interface RenewalRunCounts {
  due: number;
  charged: number;
  declined: number;
  rebind: number;
  unknown: number;
  expired: number;
  errors: number;
}

export async function finishRenewalRun(
  db: Db,
  id: string,
  counts: RenewalRunCounts,
  finishedAt: Date,
  durationMs: number,
) {
  return db.renewalRun.update({
    where: { id },
    data: { ...counts, finishedAt, durationMs: Math.round(durationMs) },
  });
}

/** Whether a renewal charge of this subscription is still open (PENDING after a crash, UNKNOWN). */
export async function hasOpenRenewalCharge(db: Db, subscriptionId: string): Promise<boolean> {
  const open = await db.chargeAttempt.count({
    where: { status: { in: ["PENDING", "UNKNOWN"] }, period: { subscriptionId } },
  });
  return open > 0;
}

/**
 * ACTIVE subscriptions renewing within the horizon whose regKey was not checked yet for this
 * renewal, and that no runner holds: the renewal engine asks LINE Pay about each ahead of time.
 */
export async function findRegKeysToCheck(
  db: Db,
  input: { now: Date; horizon: Date; limit: number },
): Promise<string[]> {
  const rows = await sqlOf(db)
    .selectFrom("Subscription")
    .select("id")
    .where("status", "=", "ACTIVE")
    .where("regKeyCiphertext", "is not", null)
    // An ACTIVE subscription's next action is its renewal (its next period's start).
    .where("nextActionAt", ">", input.now)
    .where("nextActionAt", "<=", input.horizon)
    .where((eb) =>
      eb.or([
        eb("regKeyCheckedPeriod", "is", null),
        eb("regKeyCheckedPeriod", "<", eb.ref("currentPeriodIndex")),
      ]),
    )
    .where((eb) => eb.or([eb("claimUntil", "is", null), eb("claimUntil", "<", input.now)]))
    .orderBy("nextActionAt", "asc")
    .limit(input.limit)
    .execute();
  return rows.map((row) => row.id);
}

/** The regKey answered for this period's renewal: remember it and release the claim. */
export async function recordRegKeyChecked(
  db: Db,
  input: { id: string; periodIndex: number; runnerId: string },
): Promise<void> {
  await db.subscription.updateMany({
    where: { id: input.id, claimedBy: input.runnerId },
    data: { regKeyCheckedPeriod: input.periodIndex, claimedBy: null, claimUntil: null },
  });
}
