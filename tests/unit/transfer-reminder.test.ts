// The ATM transfer reminder's schedule: a day before the bank's deadline, only while the account
// is open, and never for an account opened within that last day.
import { describe, expect, it } from "vitest";
import { isTransferReminderDue, transferReminderAt } from "@/lib/billing/transfer-reminder";

const HOUR = 60 * 60 * 1000;
// 23:59 Taipei on Dec 4 (the bank keeps the account open to the end of the day).
const payBy = new Date("2026-12-04T15:59:00.000Z");
const openedAt = new Date(payBy.getTime() - 3 * 24 * HOUR);
const at = (offsetHoursFromPayBy: number) =>
  new Date(payBy.getTime() + offsetHoursFromPayBy * HOUR);

describe("transfer reminder", () => {
  it("falls 24 hours before the deadline", () => {
    expect(transferReminderAt(payBy).toISOString()).toBe("2026-12-03T15:59:00.000Z");
  });

  it("is not due before the reminder time", () => {
    expect(isTransferReminderDue({ openedAt, payBy }, at(-48))).toBe(false);
    expect(isTransferReminderDue({ openedAt, payBy }, new Date(at(-24).getTime() - 1))).toBe(false);
  });

  it("is due from the reminder time until the deadline", () => {
    expect(isTransferReminderDue({ openedAt, payBy }, at(-24))).toBe(true);
    expect(isTransferReminderDue({ openedAt, payBy }, at(-1))).toBe(true);
    expect(isTransferReminderDue({ openedAt, payBy }, new Date(payBy.getTime() - 1))).toBe(true);
  });

  it("is never due once the account has closed", () => {
    expect(isTransferReminderDue({ openedAt, payBy }, payBy)).toBe(false);
    expect(isTransferReminderDue({ openedAt, payBy }, at(5))).toBe(false);
  });

  it("is skipped for an account opened less than a day before its deadline", () => {
    const lateOpen = { openedAt: at(-20), payBy };
    expect(isTransferReminderDue(lateOpen, at(-10))).toBe(false);
    const exactlyADay = { openedAt: at(-24), payBy };
    expect(isTransferReminderDue(exactlyADay, at(-10))).toBe(false);
    const justOver = { openedAt: new Date(at(-24).getTime() - 1), payBy };
    expect(isTransferReminderDue(justOver, at(-10))).toBe(true);
  });
});
