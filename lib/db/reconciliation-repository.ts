// What the reconciliation job reads and writes: orders whose money state is still open, the
// per-order check schedule (which doubles as a lease, so two reconcilers never ask LINE Pay about
// one order at once), flags for a human, and run records.
import type { ReconcileSchedule } from "@/lib/billing/reconcile-schedule";
import { recordAudit } from "./audit-repository";
import type { Db } from "./client";
import type { OrderRecord } from "./order-repository";
import type { StatusReason } from "@/lib/billing/status-reason";
import { reasonColumns } from "./reason-columns";

/** What the job needs to take an order and check it; the check itself re-reads the order. */
export type ReconcileCandidate = Pick<OrderRecord, "id" | "orderId"> & { reconcileChecks: number };

const candidateSelect = { id: true, orderId: true, reconcileChecks: true } as const;

/** Orders in a state only LINE Pay can settle, not flagged, whose next check is due; oldest first. */
export async function findReconcileCandidates(
  db: Db,
  now: Date,
  schedule: ReconcileSchedule,
  limit: number,
  exclude: ReadonlySet<string>,
): Promise<ReconcileCandidate[]> {
  const olderThan = (ms: number) => new Date(now.getTime() - ms);
  const rows = await db.order.findMany({
    where: {
      attentionSince: null,
      AND: [
        { OR: [{ reconcileAfter: null }, { reconcileAfter: { lte: now } }] },
        {
          OR: [
            { status: "PENDING", createdAt: { lte: olderThan(schedule.pendingFirstCheckAfterMs) } },
            {
              status: { in: ["CONFIRMING", "UNKNOWN"] },
              createdAt: { lte: olderThan(schedule.inFlightStaleAfterMs) },
            },
            { refundPendingMinor: { gt: 0 } },
          ],
        },
      ],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + exclude.size,
    select: candidateSelect,
  });
  return rows.filter((row) => !exclude.has(row.id)).slice(0, limit);
}

export async function findOrderIdForCheck(
  db: Db,
  orderId: string,
): Promise<{ id: string; reconcileChecks: number; attentionSince: Date | null } | null> {
  return db.order.findUnique({
    where: { orderId },
    select: { id: true, reconcileChecks: true, attentionSince: true },
  });
}

/** When the order last changed status (CONFIRMING since when), or when it was written. */
export async function lastStatusChangeAt(
  db: Db,
  orderRowId: string,
  createdAt: Date,
): Promise<Date> {
  const change = await db.orderStatusChange.findFirst({
    where: { orderId: orderRowId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { createdAt: true },
  });
  return change && change.createdAt > createdAt ? change.createdAt : createdAt;
}

/** Takes the order for one check: moves its next check past the lease. False: another reconciler has it. */
export async function claimOrderForCheck(
  db: Db,
  id: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const { count } = await db.order.updateMany({
    where: {
      id,
      attentionSince: null,
      OR: [{ reconcileAfter: null }, { reconcileAfter: { lte: now } }],
    },
    data: { reconcileAfter: new Date(now.getTime() + leaseMs) },
  });
  return count === 1;
}

export type CheckRecord =
  | { kind: "settled" }
  | { kind: "open"; checks: number; checkAgainAt: Date; note: StatusReason | null }
  | { kind: "flag"; checks: number; reason: StatusReason; actor: string; now: Date };

const NO_ATTENTION_REASON = {
  attentionReason: null,
  attentionReasonCode: null,
  attentionReasonParams: null,
};

function attentionReasonColumns(reason: StatusReason) {
  const columns = reasonColumns(reason);
  return {
    attentionReason: columns.reason,
    attentionReasonCode: columns.reasonCode,
    attentionReasonParams: columns.reasonParams,
  };
}

export async function recordCheck(db: Db, id: string, record: CheckRecord): Promise<void> {
  switch (record.kind) {
    case "settled":
      await db.order.update({
        where: { id },
        data: {
          reconcileChecks: 0,
          reconcileAfter: null,
          attentionSince: null,
          ...NO_ATTENTION_REASON,
        },
      });
      return;
    case "open":
      await db.order.update({
        where: { id },
        data: {
          reconcileChecks: record.checks,
          reconcileAfter: record.checkAgainAt,
          // The job's progress note, shown on the in-progress list.
          ...(record.note ? attentionReasonColumns(record.note) : NO_ATTENTION_REASON),
        },
      });
      return;
    case "flag":
      await db.$transaction(async (tx) => {
        await tx.order.update({
          where: { id },
          data: {
            reconcileChecks: record.checks,
            reconcileAfter: null,
            attentionSince: record.now,
            ...attentionReasonColumns(record.reason),
          },
        });
        await recordAudit(tx, {
          at: record.now,
          actor: record.actor,
          action: "order.needs_attention",
          targetType: "ORDER",
          targetId: id,
          reason: record.reason,
        });
      });
      return;
  }
}

// Settled elsewhere since (the shopper's own confirm, an admin's verify): no longer listed.
const stillOpen = {
  OR: [
    { status: { in: ["PENDING", "CONFIRMING", "UNKNOWN"] as OrderRecord["status"][] } },
    { refundPendingMinor: { gt: 0 } },
  ],
};

export interface AttentionOrder {
  id: string;
  orderId: string;
  kind: OrderRecord["kind"];
  status: OrderRecord["status"];
  amountMinor: number;
  currency: string;
  refundPendingMinor: number;
  transactionId: string | null;
  createdAt: Date;
  reconcileChecks: number;
  reconcileAfter: Date | null;
  attentionSince: Date | null;
  attentionReason: string | null;
  attentionReasonCode: string | null;
  attentionReasonParams: string | null;
  user: { email: string | null };
}

/**
 * The back office's "needs attention" list: orders flagged for a human first, then every order the
 * job is still trying to settle (with how many checks and when the next one is).
 */
export async function listOrdersNeedingAttention(
  db: Db,
  limit = 200,
): Promise<{ flagged: AttentionOrder[]; inProgress: AttentionOrder[] }> {
  const select = {
    id: true,
    orderId: true,
    kind: true,
    status: true,
    amountMinor: true,
    currency: true,
    refundPendingMinor: true,
    transactionId: true,
    createdAt: true,
    reconcileChecks: true,
    reconcileAfter: true,
    attentionSince: true,
    attentionReason: true,
    attentionReasonCode: true,
    attentionReasonParams: true,
    user: { select: { email: true } },
  } as const;
  const [flagged, inProgress] = await Promise.all([
    db.order.findMany({
      where: { attentionSince: { not: null }, ...stillOpen },
      orderBy: [{ attentionSince: "asc" }, { id: "asc" }],
      take: limit,
      select,
    }),
    db.order.findMany({
      where: { attentionSince: null, reconcileChecks: { gt: 0 }, ...stillOpen },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
      select,
    }),
  ]);
  return { flagged, inProgress };
}

/** How many open orders the job still works on (backlog) and how many wait for a human (gauges). */
export async function countOpenOrders(
  db: Db,
): Promise<{ backlog: number; needsAttention: number }> {
  const [backlog, needsAttention] = await Promise.all([
    db.order.count({ where: { attentionSince: null, ...stillOpen } }),
    db.order.count({ where: { attentionSince: { not: null }, ...stillOpen } }),
  ]);
  return { backlog, needsAttention };
}

export interface ReconciliationRunCounts {
  checked: number;
  settled: number;
  stillOpen: number;
  flagged: number;
  errors: number;
}

export async function startReconciliationRun(
  db: Db,
  input: { trigger: string; runnerId: string; startedAt: Date },
) {
  return db.reconciliationRun.create({ data: input });
}

export async function finishReconciliationRun(
  db: Db,
  id: string,
  counts: ReconciliationRunCounts,
  finishedAt: Date,
  durationMs: number,
) {
  return db.reconciliationRun.update({
    where: { id },
    data: { ...counts, finishedAt, durationMs: Math.round(durationMs) },
  });
}

export async function listReconciliationRuns(db: Db, limit = 20) {
  return db.reconciliationRun.findMany({
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
