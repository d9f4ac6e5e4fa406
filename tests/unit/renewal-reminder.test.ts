// The reminder schedule: three days before a monthly charge, thirty before a yearly one, never
// after the charge and never for a cancelled subscription.
import { describe, expect, it } from "vitest";
import {
  isRenewalReminderDue,
  LONGEST_REMINDER_LEAD_MS,
  renewalReminderAt,
} from "@/lib/billing/renewal-reminder";

const DAY = 24 * 60 * 60 * 1000;
const chargeAt = new Date("2027-01-15T16:00:00.000Z"); // Jan 16, 00:00 in Taipei

describe("renewal reminders", () => {
  it("are sent three days before a monthly charge and thirty before a yearly one", () => {
    expect(renewalReminderAt(chargeAt, "MONTH").toISOString()).toBe("2027-01-12T16:00:00.000Z");
    expect(renewalReminderAt(chargeAt, "YEAR").toISOString()).toBe("2026-12-16T16:00:00.000Z");
    expect(LONGEST_REMINDER_LEAD_MS).toBe(30 * DAY);
  });

  it.each([
    ["MONTH", -3 * DAY - 1, false],
    ["MONTH", -3 * DAY, true],
    ["MONTH", -1, true],
    ["MONTH", 0, false],
    ["MONTH", DAY, false],
    ["YEAR", -30 * DAY - 1, false],
    ["YEAR", -30 * DAY, true],
    ["YEAR", -3 * DAY, true],
    ["YEAR", 0, false],
  ] as const)("%s charge, now %d ms from it: due %s", (interval, offset, due) => {
    const now = new Date(chargeAt.getTime() + offset);
    expect(isRenewalReminderDue({ chargeAt, interval, isCancelled: false }, now)).toBe(due);
  });

  it("are not sent for a subscription cancelled at its period end", () => {
    const now = new Date(chargeAt.getTime() - DAY);
    expect(isRenewalReminderDue({ chargeAt, interval: "MONTH", isCancelled: true }, now)).toBe(
      false,
    );
  });
});
