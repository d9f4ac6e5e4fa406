// The reconciliation job (防止掉單): finds every order whose money state is still open, checks each
// with LINE Pay on the back-off schedule, and flags for a human what time does not settle. Safe to
// run from several places at once: each check first takes the order (its next-check time is the lease).
import { refundLeftUnappliedCharges } from "@/lib/subscriptions/refund-unapplied-charge";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import pLimit from "p-limit";
import {
  claimOrderForCheck,
  findOrderIdForCheck,
  findReconcileCandidates,
  finishReconciliationRun,
  recordCheck,
  startReconciliationRun,
  type ReconciliationRunCounts,
} from "@/lib/db/reconciliation-repository";
import { retryTransient } from "@/lib/db/retry-transient";
import { checkOpenOrder, type CheckResult, type ReconcileDeps } from "./check-open-order";
import { afterUnsettledCheck } from "@/lib/billing/reconcile-schedule";
import { sweepCollections } from "./sweep-collections";
import { statusReason } from "@/lib/billing/status-reason";

const ACTOR = "system:reconcile";

export interface ReconciliationOptions {
  trigger: string;
  /** Concurrent LINE Pay conversations. */
  concurrency?: number;
  batchSize?: number;
  runnerId?: string;
}

export interface ReconciliationSummary extends ReconciliationRunCounts {
  runId: string;
  runnerId: string;
  durationMs: number;
}

export async function runReconciliation(
  deps: ReconcileDeps,
  options: ReconciliationOptions,
): Promise<ReconciliationSummary> {
  const runnerId =
    options.runnerId ?? `reconcile-${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const db = deps.checkout.db;
  const started = performance.now();
  const run = await startReconciliationRun(db, {
    trigger: options.trigger,
    runnerId,
    startedAt: deps.checkout.now(),
  });
  const counts: ReconciliationRunCounts = {
    checked: 0,
    settled: 0,
    stillOpen: 0,
    flagged: 0,
    errors: 0,
  };
  const limit = pLimit(options.concurrency ?? 5);
  const seen = new Set<string>();
  // Charges recorded as buying nothing whose automatic refund never started (a process stopped).
  try {
    counts.settled += await refundLeftUnappliedCharges(deps.renewal);
  } catch {
    counts.errors++;
  }

  // SinoPac: tokens never settled, and payments whose notifications were lost (small windows).
  try {
    const swept = await sweepCollections(deps, ACTOR);
    counts.settled += swept.settled;
    counts.errors += swept.errors;
  } catch {
    counts.errors++;
  }

  for (;;) {
    const candidates = await retryTransient(() =>
      findReconcileCandidates(
        db,
        deps.checkout.now(),
        deps.schedule,
        options.batchSize ?? 100,
        seen,
      ),
    );
    if (candidates.length === 0) break;
    for (const candidate of candidates) seen.add(candidate.id);
    await Promise.all(
      candidates.map((candidate) =>
        limit(async () => {
          if (
            !(await retryTransient(() =>
              claimOrderForCheck(db, candidate.id, deps.checkout.now(), deps.schedule.leaseMs),
            ))
          )
            return;
          counts.checked++;
          let result: CheckResult;
          try {
            result = await checkOpenOrder(deps, candidate.orderId, { actor: ACTOR, runnerId });
          } catch (error) {
            counts.errors++;
            result = {
              kind: "open",
              note: statusReason("reconcile.check_failed", {
                detail: error instanceof Error ? error.message.slice(0, 200) : "error",
              }),
            };
          }
          const recorded = await retryTransient(() =>
            record(deps, candidate.id, candidate.reconcileChecks + 1, result),
          );
          counts[recorded]++;
        }),
      ),
    );
  }
  const durationMs = performance.now() - started;
  await finishReconciliationRun(db, run.id, counts, deps.checkout.now(), durationMs);
  return { ...counts, runId: run.id, runnerId, durationMs: Math.round(durationMs) };
}

/** Writes what a check found and when to look again; returns the counter it falls under. */
async function record(
  deps: ReconcileDeps,
  id: string,
  checks: number,
  result: CheckResult,
): Promise<"settled" | "stillOpen" | "flagged"> {
  const db = deps.checkout.db;
  const now = deps.checkout.now();
  if (result.kind === "settled") {
    await recordCheck(db, id, { kind: "settled" });
    return "settled";
  }
  if (result.kind === "waiting") {
    // Not a failed check: the count stays, so waiting for a transfer never flags the order.
    await recordCheck(db, id, {
      kind: "open",
      checks: checks - 1,
      checkAgainAt: result.until,
      note: result.note,
    });
    return "stillOpen";
  }
  const next =
    result.kind === "attention"
      ? ({ kind: "flag" } as const)
      : afterUnsettledCheck(checks, now, deps.schedule);
  if (next.kind === "flag") {
    const reason =
      result.kind === "attention"
        ? result.reason
        : statusReason("reconcile.still_open", { checks, note: result.note });
    await recordCheck(db, id, { kind: "flag", checks, reason, actor: ACTOR, now });
    return "flagged";
  }
  await recordCheck(db, id, {
    kind: "open",
    checks,
    checkAgainAt: next.at,
    note: result.kind === "open" ? result.note : null,
  });
  return "stillOpen";
}

/**
 * The back office's "verify now": checks one order at once, whatever its schedule or flag. Settled
 * clears the flag; a finding that needs a human flags it; otherwise the order keeps its schedule.
 */
export async function verifyOrderNow(
  deps: ReconcileDeps,
  orderId: string,
  admin: { actor: string; actorLabel: string },
): Promise<Exclude<CheckResult, { kind: "waiting" }> | null> {
  const db = deps.checkout.db;
  const target = await findOrderIdForCheck(db, orderId);
  if (!target) return null;
  const checked = await checkOpenOrder(deps, orderId, {
    ...admin,
    runnerId: `${admin.actor}-verify-${randomBytes(3).toString("hex")}`,
  });
  // For a person, "the shopper still has time to pay" is simply still open.
  const result =
    checked.kind === "waiting" ? { kind: "open" as const, note: checked.note } : checked;
  if (result.kind === "settled") await recordCheck(db, target.id, { kind: "settled" });
  else if (result.kind === "attention" && !target.attentionSince)
    await recordCheck(db, target.id, {
      kind: "flag",
      checks: target.reconcileChecks,
      reason: result.reason,
      actor: admin.actor,
      now: deps.checkout.now(),
    });
  return result;
}
