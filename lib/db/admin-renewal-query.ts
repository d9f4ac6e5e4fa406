// Renewal runs as the back office sees them: the run history, how much work is due, and the
// progress of a run started from the back office (found by its runner id).
import type { Db } from "./client";

export interface RenewalRunRecord {
  id: string;
  trigger: string;
  runnerId: string;
  startedAt: Date;
  finishedAt: Date | null;
  due: number;
  charged: number;
  declined: number;
  rebind: number;
  unknown: number;
  expired: number;
  errors: number;
  durationMs: number | null;
}

export async function listRenewalRuns(db: Db, limit = 50): Promise<RenewalRunRecord[]> {
  return db.renewalRun.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: limit });
}

export async function findRenewalRunByRunner(
  db: Db,
  runnerId: string,
): Promise<RenewalRunRecord | null> {
  return db.renewalRun.findFirst({ where: { runnerId }, orderBy: { startedAt: "desc" } });
}

/** Subscriptions the renewal engine would pick now (same rule as findDueSubscriptionIds, claims aside). */
export async function countDueSubscriptions(db: Db, now: Date): Promise<number> {
  return db.subscription.count({
    where: {
      nextActionAt: { lte: now },
      status: { in: ["ACTIVE", "PAST_DUE", "NEEDS_REBIND", "CANCELED", "EXPIRED"] },
    },
  });
}
