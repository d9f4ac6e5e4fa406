import { describe, expect, it } from "vitest";
import { assessReadiness, unreachableDatabase } from "@/lib/health/readiness";

const NOW = new Date("2026-12-03T12:00:00Z");
const LIMITS = { renewalsStaleAfterMinutes: 180, reconcileStaleAfterMinutes: 30 };
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe("assessReadiness", () => {
  it("is ready when both jobs finished within their limits, and reports the queue", () => {
    const readiness = assessReadiness(
      {
        lastRenewalFinishedAt: minutesAgo(180),
        lastReconciliationFinishedAt: minutesAgo(5),
        needsAttention: 2,
      },
      NOW,
      LIMITS,
    );
    expect(readiness).toMatchObject({
      ok: true,
      renewals: { ok: true, ageSeconds: 180 * 60, staleAfterSeconds: 180 * 60 },
      reconciliation: { ok: true, ageSeconds: 300, lastCompletedAt: minutesAgo(5).toISOString() },
      needsAttention: { count: 2 },
    });
  });

  it("is not ready one second past a job's limit", () => {
    const stale = new Date(minutesAgo(30).getTime() - 1000);
    const readiness = assessReadiness(
      {
        lastRenewalFinishedAt: minutesAgo(1),
        lastReconciliationFinishedAt: stale,
        needsAttention: 0,
      },
      NOW,
      LIMITS,
    );
    expect(readiness.ok).toBe(false);
    expect(readiness.renewals.ok).toBe(true);
    expect(readiness.reconciliation).toMatchObject({ ok: false, ageSeconds: 30 * 60 + 1 });
  });

  it("is not ready when a job never ran", () => {
    const readiness = assessReadiness(
      { lastRenewalFinishedAt: null, lastReconciliationFinishedAt: NOW, needsAttention: 0 },
      NOW,
      LIMITS,
    );
    expect(readiness.ok).toBe(false);
    expect(readiness.renewals).toEqual({
      lastCompletedAt: null,
      ageSeconds: null,
      staleAfterSeconds: 180 * 60,
      ok: false,
    });
  });

  it("counts a run stamped slightly in the future as fresh", () => {
    const ahead = new Date(NOW.getTime() + 5_000);
    const readiness = assessReadiness(
      { lastRenewalFinishedAt: ahead, lastReconciliationFinishedAt: ahead, needsAttention: 0 },
      NOW,
      LIMITS,
    );
    expect(readiness).toMatchObject({ ok: true, renewals: { ageSeconds: 0 } });
  });

  it("reports an unreachable database as not ready with nothing else known", () => {
    expect(unreachableDatabase(LIMITS)).toMatchObject({
      ok: false,
      database: { ok: false },
      needsAttention: null,
    });
  });
});
