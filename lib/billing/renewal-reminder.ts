// When a subscriber is told that a renewal charge is coming: a few days before a monthly charge,
// and a month before a yearly one (a larger amount, and a renewal many forget they agreed to a
// year ago). Pure: the notice sender asks it, with its own clock, which reminders are due.
import type { BillingInterval } from "./billing-period";

const DAY_MS = 24 * 60 * 60 * 1000;

export const REMINDER_DAYS_BEFORE: Readonly<Record<BillingInterval, number>> = Object.freeze({
  MONTH: 3,
  YEAR: 30,
});

/** The longest lead of any interval: how far ahead the sender must look for due reminders. */
export const LONGEST_REMINDER_LEAD_MS = Math.max(...Object.values(REMINDER_DAYS_BEFORE)) * DAY_MS;

/** When the reminder for a charge at `chargeAt` on this interval is sent. */
export function renewalReminderAt(chargeAt: Date, interval: BillingInterval): Date {
  return new Date(chargeAt.getTime() - REMINDER_DAYS_BEFORE[interval] * DAY_MS);
}

export interface UpcomingCharge {
  chargeAt: Date;
  interval: BillingInterval;
  /** The subscription will not renew (cancelled at period end): nothing to remind of. */
  isCancelled: boolean;
}

/** True from the reminder time until the charge itself: a reminder after the charge is noise. */
export function isRenewalReminderDue(charge: UpcomingCharge, now: Date): boolean {
  if (charge.isCancelled) return false;
  const at = renewalReminderAt(charge.chargeAt, charge.interval).getTime();
  return now.getTime() >= at && now.getTime() < charge.chargeAt.getTime();
}
