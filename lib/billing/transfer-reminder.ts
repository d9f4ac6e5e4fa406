// When a shopper who chose an ATM transfer is reminded that the virtual account is about to close:
// a day before the deadline, while the order still waits for the money. An order opened less than a
// day before its deadline gets no reminder: its instructions, just sent, already say the deadline.
// Pure: the notice sender asks it, with its own clock, which reminders are due.
const HOUR_MS = 60 * 60 * 1000;

export const TRANSFER_REMINDER_LEAD_MS = 24 * HOUR_MS;

export function transferReminderAt(payBy: Date): Date {
  return new Date(payBy.getTime() - TRANSFER_REMINDER_LEAD_MS);
}

export interface OpenTransfer {
  /** When the virtual account was opened (the order's creation). */
  openedAt: Date;
  /** The bank's deadline for the transfer. */
  payBy: Date;
}

/** True from a day before the deadline until the deadline, for accounts opened before that day. */
export function isTransferReminderDue(transfer: OpenTransfer, now: Date): boolean {
  const at = transferReminderAt(transfer.payBy).getTime();
  if (transfer.openedAt.getTime() >= at) return false;
  return now.getTime() >= at && now.getTime() < transfer.payBy.getTime();
}
