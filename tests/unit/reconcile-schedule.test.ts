import { describe, expect, it } from "vitest";
import {
  afterUnsettledCheck,
  DEFAULT_RECONCILE_SCHEDULE,
  type ReconcileSchedule,
} from "@/lib/billing/reconcile-schedule";

const now = new Date("2026-11-22T00:00:00Z");
const MINUTE = 60_000;

describe("reconciliation back-off", () => {
  it("waits 5 minutes, then an hour, then a day between checks, and flags after the sixth", () => {
    const waits = [1, 2, 3, 4, 5].map((n) => {
      const next = afterUnsettledCheck(n, now);
      if (next.kind !== "check_again") throw new Error(`check ${n} flagged`);
      return (next.at.getTime() - now.getTime()) / MINUTE;
    });
    expect(waits).toEqual([5, 60, 1440, 1440, 1440]);
    expect(afterUnsettledCheck(6, now)).toEqual({ kind: "flag" });
    expect(afterUnsettledCheck(60, now)).toEqual({ kind: "flag" });
  });

  it("follows a schedule passed in (named values, not constants in the code)", () => {
    const schedule: ReconcileSchedule = {
      ...DEFAULT_RECONCILE_SCHEDULE,
      backoffMs: [1000],
      flagAfterChecks: 3,
    };
    expect(afterUnsettledCheck(1, now, schedule)).toEqual({
      kind: "check_again",
      at: new Date(now.getTime() + 1000),
    });
    expect(afterUnsettledCheck(2, now, schedule)).toEqual({
      kind: "check_again",
      at: new Date(now.getTime() + 1000),
    });
    expect(afterUnsettledCheck(3, now, schedule)).toEqual({ kind: "flag" });
  });

  it("checks again only after the in-flight window is over LINE Pay's slowest answer (40 s)", () => {
    expect(DEFAULT_RECONCILE_SCHEDULE.inFlightStaleAfterMs).toBeGreaterThan(40_000);
    expect(DEFAULT_RECONCILE_SCHEDULE.leaseMs).toBeGreaterThan(40_000);
  });

  it("refuses a check count that is not a positive integer", () => {
    expect(() => afterUnsettledCheck(0, now)).toThrow(RangeError);
    expect(() => afterUnsettledCheck(1.5, now)).toThrow(RangeError);
  });
});
