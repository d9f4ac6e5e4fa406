// What the renewal engine reads and writes: due subscriptions, runner leases, billing periods,
// charge attempts and run records. A lease is taken with one conditional update, so any number of
// runners in any number of processes never work on the same subscription at once.
import type { Db } from "./client";
import type { DbTx } from "./subscription-repository";

/**
 * Subscriptions whose next action is due and that no runner holds, earliest first, skipping
 * `exclude` (what this run already picked). `exclude` grows with every subscription a run handles,
 * so it is not sent as a NOT IN list: past Prisma's bind-variable limit (999 on SQLite, 32,766 on
 * Postgres) that query fails (P2029), i.e. a run stopped after ~990 subscriptions on SQLite. Due rows
 * are read a page at a time (keyset on nextActionAt, id) and excluded ids skipped here; a handled
 * subscription is normally no longer due, so the first page is almost always enough.
 */
export async function findDueSubscriptionIds(db: Db, now: Date, limit: number, exclude: ReadonlySet<string>): Promise<string[]> {
  const ids: string[] = [];
  let after: { nextActionAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await db.subscription.findMany({
      where: {
        nextActionAt: { lte: now },
        status: { in: ["ACTIVE", "PAST_DUE", "NEEDS_REBIND", "CANCELED", "EXPIRED"] },
        AND: [
          { OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] },
          ...(after ? [{ OR: [{ nextActionAt: { gt: after.nextActionAt } }, { nextActionAt: after.nextActionAt, id: { gt: after.id } }] }] : []),
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

export async function claimSubscription(db: Db, id: string, runnerId: string, now: Date, leaseMs: number): Promise<boolean> {
  const { count } = await db.subscription.updateMany({
    where: { id, nextActionAt: { lte: now }, OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] },
    data: { claimedBy: runnerId, claimUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1;
}

export async function releaseSubscription(db: Db | DbTx, id: string, runnerId: string): Promise<void> {
  await db.subscription.updateMany({ where: { id, claimedBy: runnerId }, data: { claimedBy: null, claimUntil: null } });
}

export async function ensureBillingPeriod(
  db: Db,
  input: { subscriptionId: string; periodIndex: number; startsAt: Date; endsAt: Date; amountMinor: number; currency: string },
) {
  return db.billingPeriod.upsert({
    where: { subscriptionId_periodIndex: { subscriptionId: input.subscriptionId, periodIndex: input.periodIndex } },
    update: {},
    create: input,
    include: { attempts: { orderBy: { attemptNumber: "asc" } } },
  });
}

/** Written before LINE Pay is called: a crash after the call leaves a PENDING row to verify. */
export async function createChargeAttempt(
  db: Db,
  input: { periodId: string; attemptNumber: number; orderId: string; amountMinor: number; currency: string },
) {
  return db.chargeAttempt.create({ data: { ...input, status: "PENDING" } });
}

export async function startRenewalRun(db: Db, input: { trigger: string; runnerId: string; startedAt: Date }) {
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

export async function finishRenewalRun(db: Db, id: string, counts: RenewalRunCounts, finishedAt: Date, durationMs: number) {
  return db.renewalRun.update({ where: { id }, data: { ...counts, finishedAt, durationMs: Math.round(durationMs) } });
}
