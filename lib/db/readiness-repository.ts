// What readiness needs from the database: when the last renewal and reconciliation runs finished,
// and how many orders are flagged for a human and still open.
import type { Db } from "./client";

export interface ReadinessFacts {
  lastRenewalFinishedAt: Date | null;
  lastReconciliationFinishedAt: Date | null;
  needsAttention: number;
}

export async function readReadinessFacts(db: Db): Promise<ReadinessFacts> {
  const latest = { where: { finishedAt: { not: null } }, orderBy: { finishedAt: "desc" } } as const;
  const [renewal, reconciliation, needsAttention] = await Promise.all([
    db.renewalRun.findFirst({ ...latest, select: { finishedAt: true } }),
    db.reconciliationRun.findFirst({ ...latest, select: { finishedAt: true } }),
    db.order.count({
      where: {
        attentionSince: { not: null },
        OR: [
          { status: { in: ["PENDING", "CONFIRMING", "UNKNOWN"] } },
          { refundPendingMinor: { gt: 0 } },
        ],
      },
    }),
  ]);
  return {
    lastRenewalFinishedAt: renewal?.finishedAt ?? null,
    lastReconciliationFinishedAt: reconciliation?.finishedAt ?? null,
    needsAttention,
  };
}
