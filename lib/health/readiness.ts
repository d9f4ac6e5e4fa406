// Readiness: the database answers and the scheduled jobs still run. A renewal or reconciliation
// run that last finished longer ago than its limit (or never) means the scheduler stopped, and
// renewals and payment checks stop silently with it: that is not healthy. The needs-attention
// queue is reported, not judged (a flagged order is work for a human, not an outage).
import type { ReadinessFacts } from "@/lib/db/readiness-repository";

export interface JobFreshness {
  lastCompletedAt: string | null;
  ageSeconds: number | null;
  staleAfterSeconds: number;
  ok: boolean;
}

export interface Readiness {
  ok: boolean;
  database: { ok: boolean };
  renewals: JobFreshness;
  reconciliation: JobFreshness;
  needsAttention: { count: number } | null;
}

export interface ReadinessLimits {
  renewalsStaleAfterMinutes: number;
  reconcileStaleAfterMinutes: number;
}

function freshness(finishedAt: Date | null, now: Date, staleAfterMinutes: number): JobFreshness {
  const staleAfterSeconds = staleAfterMinutes * 60;
  if (!finishedAt) return { lastCompletedAt: null, ageSeconds: null, staleAfterSeconds, ok: false };
  // A run stamped by a clock slightly ahead of ours is fresh, not negative.
  const ageSeconds = Math.max(0, Math.floor((now.getTime() - finishedAt.getTime()) / 1000));
  return {
    lastCompletedAt: finishedAt.toISOString(),
    ageSeconds,
    staleAfterSeconds,
    ok: ageSeconds <= staleAfterSeconds,
  };
}

export function assessReadiness(
  facts: ReadinessFacts,
  now: Date,
  limits: ReadinessLimits,
): Readiness {
  const renewals = freshness(facts.lastRenewalFinishedAt, now, limits.renewalsStaleAfterMinutes);
  const reconciliation = freshness(
    facts.lastReconciliationFinishedAt,
    now,
    limits.reconcileStaleAfterMinutes,
  );
  return {
    ok: renewals.ok && reconciliation.ok,
    database: { ok: true },
    renewals,
    reconciliation,
    needsAttention: { count: facts.needsAttention },
  };
}

/** Readiness when the database cannot be read: nothing else can be known. */
export function unreachableDatabase(limits: ReadinessLimits): Readiness {
  const unknown = (minutes: number): JobFreshness => ({
    lastCompletedAt: null,
    ageSeconds: null,
    staleAfterSeconds: minutes * 60,
    ok: false,
  });
  return {
    ok: false,
    database: { ok: false },
    renewals: unknown(limits.renewalsStaleAfterMinutes),
    reconciliation: unknown(limits.reconcileStaleAfterMinutes),
    needsAttention: null,
  };
}
