// The knobs of recurring billing: which clock periods follow, when declined renewals are retried,
// and how long a subscriber keeps VIP while we try. Parsed once (e.g. from env) and then passed
// into the pure billing functions, so tests can use any policy without touching globals.

export interface BillingPolicy {
  /** Business time zone: periods start at the same local wall-clock time every interval. */
  timeZone: string;
  /** Hours after the period's due time at which declined renewals are retried; one entry per retry. */
  retryScheduleHours: readonly number[];
  /** Days after the due time during which a PAST_DUE / NEEDS_REBIND subscriber keeps VIP access. */
  gracePeriodDays: number;
  /** How long before an UNKNOWN charge attempt is verified with LINE Pay again. */
  unknownVerifyAfterMinutes: number;
  /**
   * Days before a renewal at which the stored regKey is checked with LINE Pay, so a dead one asks
   * the shopper to approve again while VIP is still paid (0: never checked ahead).
   */
  regKeyCheckDaysBeforeRenewal: number;
}

export const DEFAULT_BILLING_POLICY: BillingPolicy = Object.freeze({
  timeZone: "Asia/Taipei",
  retryScheduleHours: Object.freeze([24, 72, 120]),
  gracePeriodDays: 7,
  unknownVerifyAfterMinutes: 5,
  regKeyCheckDaysBeforeRenewal: 3,
});

/** Merges `input` over the defaults and refuses a policy the renewal engine could not honour. */
export function parseBillingPolicy(input: Partial<BillingPolicy>): BillingPolicy {
  const timeZone = input.timeZone ?? DEFAULT_BILLING_POLICY.timeZone;
  const retryScheduleHours = input.retryScheduleHours ?? DEFAULT_BILLING_POLICY.retryScheduleHours;
  const gracePeriodDays = input.gracePeriodDays ?? DEFAULT_BILLING_POLICY.gracePeriodDays;
  const unknownVerifyAfterMinutes =
    input.unknownVerifyAfterMinutes ?? DEFAULT_BILLING_POLICY.unknownVerifyAfterMinutes;
  const regKeyCheckDaysBeforeRenewal =
    input.regKeyCheckDaysBeforeRenewal ?? DEFAULT_BILLING_POLICY.regKeyCheckDaysBeforeRenewal;

  assertTimeZone(timeZone);

  // Checked through an `unknown` alias: Array.isArray would narrow a readonly number[] to any[].
  const hoursValue: unknown = retryScheduleHours;
  if (!Array.isArray(hoursValue)) {
    throw new RangeError("retryScheduleHours must be an array of hours");
  }
  let previous = 0;
  for (const hours of retryScheduleHours) {
    if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0) {
      throw new RangeError(
        `retryScheduleHours must contain positive numbers, got ${String(hours)}`,
      );
    }
    // Out-of-order entries would make "attempt k" fire before "attempt k-1".
    if (hours <= previous) {
      throw new RangeError(
        `retryScheduleHours must be strictly increasing, got ${retryScheduleHours.join(", ")}`,
      );
    }
    previous = hours;
  }

  if (
    typeof gracePeriodDays !== "number" ||
    !Number.isSafeInteger(gracePeriodDays) ||
    gracePeriodDays < 0
  ) {
    throw new RangeError(
      `gracePeriodDays must be a non-negative integer, got ${String(gracePeriodDays)}`,
    );
  }
  // The last retry must run while the subscriber still has access: a success after the grace
  // period would charge someone who was already shown as lapsed.
  const lastRetry = retryScheduleHours[retryScheduleHours.length - 1];
  if (lastRetry !== undefined && lastRetry >= gracePeriodDays * 24) {
    throw new RangeError(
      `The last retry (${lastRetry} h) must fall inside the grace period (${gracePeriodDays} days = ${gracePeriodDays * 24} h)`,
    );
  }

  if (
    typeof unknownVerifyAfterMinutes !== "number" ||
    !Number.isFinite(unknownVerifyAfterMinutes) ||
    unknownVerifyAfterMinutes <= 0
  ) {
    throw new RangeError(
      `unknownVerifyAfterMinutes must be a positive number, got ${String(unknownVerifyAfterMinutes)}`,
    );
  }

  if (
    typeof regKeyCheckDaysBeforeRenewal !== "number" ||
    !Number.isSafeInteger(regKeyCheckDaysBeforeRenewal) ||
    regKeyCheckDaysBeforeRenewal < 0
  ) {
    throw new RangeError(
      `regKeyCheckDaysBeforeRenewal must be a non-negative integer, got ${String(regKeyCheckDaysBeforeRenewal)}`,
    );
  }

  return Object.freeze({
    timeZone,
    retryScheduleHours: Object.freeze([...retryScheduleHours]),
    gracePeriodDays,
    unknownVerifyAfterMinutes,
    regKeyCheckDaysBeforeRenewal,
  });
}

function assertTimeZone(timeZone: unknown): asserts timeZone is string {
  if (typeof timeZone !== "string" || timeZone.trim() === "") {
    throw new RangeError("timeZone must be an IANA time zone name such as Asia/Taipei");
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new RangeError(
      `timeZone "${timeZone}" is not a time zone this runtime knows (expected e.g. Asia/Taipei)`,
    );
  }
}
