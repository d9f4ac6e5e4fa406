import { describe, expect, it } from "vitest";
import {
  DEFAULT_BILLING_POLICY,
  parseBillingPolicy,
  type BillingPolicy,
} from "@/lib/billing/billing-policy";
import {
  attemptDueAt,
  decideAfterCharge,
  type ChargeOutcome,
  type RenewalAttemptContext,
} from "@/lib/billing/renewal-decision";
import type { SubscriptionStatus } from "@/lib/billing/subscription-status";

const policy = DEFAULT_BILLING_POLICY; // retries at +24 h, +72 h, +120 h; 7 days grace; verify after 5 min
const dueAt = new Date("2026-03-01T02:00:00Z");
const graceEnd = "2026-03-08T02:00:00.000Z"; // dueAt + 7 days
const now = new Date("2026-03-01T02:00:30Z");

const ctx = (overrides: Partial<RenewalAttemptContext> = {}): RenewalAttemptContext => ({
  status: "ACTIVE",
  dueAt,
  attemptNumber: 1,
  now,
  ...overrides,
});

const declined: ChargeOutcome = { kind: "declined", code: "1110" };
const regkeyDead: ChargeOutcome = { kind: "regkey_dead", code: "1190" };
const renewing = ["ACTIVE", "PAST_DUE"] as const;

describe("attemptDueAt", () => {
  it.each([
    [1, "2026-03-01T02:00:00.000Z"],
    [2, "2026-03-02T02:00:00.000Z"],
    [3, "2026-03-04T02:00:00.000Z"],
    [4, "2026-03-06T02:00:00.000Z"],
    [5, null],
    [100, null],
  ])("attempt %i is due at %s", (attemptNumber, expected) => {
    expect(attemptDueAt(dueAt, attemptNumber, policy)?.toISOString() ?? null).toBe(expected);
  });

  it("with no retries configured only the first attempt exists", () => {
    const noRetries = parseBillingPolicy({ retryScheduleHours: [] });
    expect(attemptDueAt(dueAt, 1, noRetries)).toEqual(dueAt);
    expect(attemptDueAt(dueAt, 2, noRetries)).toBeNull();
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses attempt number %s", (attemptNumber) => {
    expect(() => attemptDueAt(dueAt, attemptNumber, policy)).toThrow(RangeError);
  });
});

describe("decideAfterCharge", () => {
  it.each(renewing)("%s + succeeded → period paid, ACTIVE", (status) => {
    expect(decideAfterCharge(ctx({ status }), { kind: "succeeded" }, policy)).toEqual({
      action: "period_paid",
      status: "ACTIVE",
    });
  });

  it.each(renewing)(
    "%s + declined with retries left → PAST_DUE, retry per schedule, access until grace end",
    (status) => {
      expect(decideAfterCharge(ctx({ status, attemptNumber: 2 }), declined, policy)).toEqual({
        action: "retry_later",
        status: "PAST_DUE",
        nextAttemptAt: new Date("2026-03-04T02:00:00Z"),
        accessUntil: new Date(graceEnd),
      });
    },
  );

  it.each(renewing)(
    "%s + declined on the last attempt → give up, EXPIRED, regKey expired",
    (status) => {
      const decision = decideAfterCharge(ctx({ status, attemptNumber: 4 }), declined, policy);
      expect(decision).toMatchObject({ action: "give_up", status: "EXPIRED", expireRegKey: true });
      expect(decision.action === "give_up" && decision.reason).toEqual({
        code: "renewal.declined_exhausted",
        params: { code: "1110", attempt: 4, attempts: 4 },
      });
    },
  );

  it.each(renewing)(
    "%s + regKey dead → NEEDS_REBIND with access until grace end, no retry",
    (status) => {
      const decision = decideAfterCharge(ctx({ status, attemptNumber: 2 }), regkeyDead, policy);
      expect(decision).toMatchObject({
        action: "needs_rebind",
        status: "NEEDS_REBIND",
        accessUntil: new Date(graceEnd),
      });
      expect(decision.action === "needs_rebind" && decision.reason).toEqual({
        code: "renewal.regkey_refused",
        params: { code: "1190" },
      });
      expect(decision).not.toHaveProperty("nextAttemptAt");
    },
  );

  it.each(renewing)(
    "%s + unknown → verify in 5 minutes, status unchanged, no new charge",
    (status) => {
      for (const outcome of [
        { kind: "unknown", code: null },
        { kind: "unknown", code: "1172" },
      ] as const) {
        expect(decideAfterCharge(ctx({ status, attemptNumber: 4 }), outcome, policy)).toEqual({
          action: "verify_later",
          status,
          verifyAt: new Date("2026-03-01T02:05:30Z"), // now + 5 min, not dueAt + 5 min
        });
      }
    },
  );

  it("walks the whole retry schedule: +24 h, +72 h, +120 h, then gives up", () => {
    let status: SubscriptionStatus = "ACTIVE";
    const retries: string[] = [];
    for (let attemptNumber = 1; attemptNumber <= 4; attemptNumber++) {
      const attemptAt = attemptDueAt(dueAt, attemptNumber, policy);
      if (!attemptAt) throw new Error(`attempt ${attemptNumber} should be scheduled`);
      const decision = decideAfterCharge(
        { status, dueAt, attemptNumber, now: attemptAt },
        declined,
        policy,
      );
      if (decision.action === "give_up") {
        expect(attemptNumber).toBe(4);
        expect(decision.status).toBe("EXPIRED");
        break;
      }
      expect(decision.action).toBe("retry_later");
      if (decision.action !== "retry_later") return;
      // Grace counts from the due time, so later declines never extend access.
      expect(decision.accessUntil.toISOString()).toBe(graceEnd);
      retries.push(decision.nextAttemptAt.toISOString());
      status = decision.status;
    }
    expect(retries).toEqual([
      "2026-03-02T02:00:00.000Z",
      "2026-03-04T02:00:00.000Z",
      "2026-03-06T02:00:00.000Z",
    ]);
  });

  it("follows a custom policy", () => {
    const custom = parseBillingPolicy({
      retryScheduleHours: [6],
      gracePeriodDays: 2,
      unknownVerifyAfterMinutes: 15,
    });
    expect(decideAfterCharge(ctx(), declined, custom)).toEqual({
      action: "retry_later",
      status: "PAST_DUE",
      nextAttemptAt: new Date("2026-03-01T08:00:00Z"),
      accessUntil: new Date("2026-03-03T02:00:00Z"),
    });
    expect(
      decideAfterCharge(ctx({ status: "PAST_DUE", attemptNumber: 2 }), declined, custom).action,
    ).toBe("give_up");
    expect(decideAfterCharge(ctx(), { kind: "unknown", code: null }, custom)).toMatchObject({
      verifyAt: new Date("2026-03-01T02:15:30Z"),
    });
  });

  it("gives up on the first decline when no retries are configured", () => {
    const noRetries = parseBillingPolicy({ retryScheduleHours: [] });
    expect(decideAfterCharge(ctx(), declined, noRetries).action).toBe("give_up");
  });

  it.each(["INCOMPLETE", "NEEDS_REBIND", "CANCELED", "EXPIRED"] as const)(
    "refuses a %s subscription",
    (status) => {
      expect(() => decideAfterCharge(ctx({ status }), { kind: "succeeded" }, policy)).toThrow(
        RangeError,
      );
    },
  );

  it.each([0, -1, 2.5, Number.NaN])("refuses attempt number %s", (attemptNumber) => {
    expect(() => decideAfterCharge(ctx({ attemptNumber }), { kind: "succeeded" }, policy)).toThrow(
      RangeError,
    );
  });

  it("refuses invalid dates", () => {
    expect(() => decideAfterCharge(ctx({ now: new Date(Number.NaN) }), declined, policy)).toThrow(
      RangeError,
    );
    expect(() => decideAfterCharge(ctx({ dueAt: new Date(Number.NaN) }), declined, policy)).toThrow(
      RangeError,
    );
  });
});

describe("parseBillingPolicy", () => {
  it("returns the defaults for an empty input", () => {
    expect(parseBillingPolicy({})).toEqual({
      timeZone: "Asia/Taipei",
      retryScheduleHours: [24, 72, 120],
      gracePeriodDays: 7,
      unknownVerifyAfterMinutes: 5,
      regKeyCheckDaysBeforeRenewal: 3,
    });
  });

  it("refuses a regKey check lead time that is not a non-negative whole number of days", () => {
    for (const days of [-1, 1.5, Number.NaN]) {
      expect(() => parseBillingPolicy({ regKeyCheckDaysBeforeRenewal: days })).toThrow(
        /regKeyCheckDaysBeforeRenewal/,
      );
    }
    expect(
      parseBillingPolicy({ regKeyCheckDaysBeforeRenewal: 0 }).regKeyCheckDaysBeforeRenewal,
    ).toBe(0);
  });

  it("merges the given fields over the defaults and treats undefined as missing", () => {
    expect(parseBillingPolicy({ timeZone: "Europe/London", gracePeriodDays: undefined })).toEqual({
      ...DEFAULT_BILLING_POLICY,
      timeZone: "Europe/London",
    });
  });

  it("copies the retry schedule so later changes to the input cannot leak in", () => {
    const hours = [1, 2];
    const parsed = parseBillingPolicy({ retryScheduleHours: hours });
    hours.push(3);
    expect(parsed.retryScheduleHours).toEqual([1, 2]);
    expect(Object.isFrozen(parsed.retryScheduleHours)).toBe(true);
  });

  it.each<[string, Partial<BillingPolicy>, RegExp]>([
    ["unknown zone", { timeZone: "Mars/Olympus_Mons" }, /timeZone "Mars\/Olympus_Mons"/],
    ["empty zone", { timeZone: "" }, /IANA/],
    ["zero hours", { retryScheduleHours: [0, 24] }, /positive/],
    ["negative hours", { retryScheduleHours: [-24] }, /positive/],
    ["NaN hours", { retryScheduleHours: [Number.NaN] }, /positive/],
    ["decreasing hours", { retryScheduleHours: [72, 24] }, /strictly increasing/],
    ["repeated hours", { retryScheduleHours: [24, 24] }, /strictly increasing/],
    ["last retry after grace", { retryScheduleHours: [24, 200] }, /grace period/],
    ["last retry at grace end", { retryScheduleHours: [168] }, /grace period/],
    ["grace too short for defaults", { gracePeriodDays: 3 }, /grace period/],
    ["fractional grace", { gracePeriodDays: 6.5 }, /gracePeriodDays/],
    ["negative grace", { gracePeriodDays: -1, retryScheduleHours: [] }, /gracePeriodDays/],
    ["zero verify delay", { unknownVerifyAfterMinutes: 0 }, /unknownVerifyAfterMinutes/],
    [
      "infinite verify delay",
      { unknownVerifyAfterMinutes: Number.POSITIVE_INFINITY },
      /unknownVerifyAfterMinutes/,
    ],
  ])("refuses %s", (_name, input, message) => {
    expect(() => parseBillingPolicy(input)).toThrow(RangeError);
    expect(() => parseBillingPolicy(input)).toThrow(message);
  });

  it("accepts a last retry just inside the grace period", () => {
    expect(parseBillingPolicy({ retryScheduleHours: [167] }).retryScheduleHours).toEqual([167]);
  });
});
