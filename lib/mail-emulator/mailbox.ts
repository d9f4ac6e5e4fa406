// The catcher's memory: every message received, one entry per Message-ID. A message delivered
// again with the same Message-ID (a sender retrying after a crash) is counted, not stored twice,
// as a receiving mail system that dedupes on Message-ID would.
import { randomUUID } from "node:crypto";

export interface CaughtMail {
  id: string;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: string;
  /** How many times this Message-ID arrived (1 unless a sender resent it). */
  deliveries: number;
}

export type IncomingMail = Omit<CaughtMail, "id" | "receivedAt" | "deliveries">;

export class Mailbox {
  private readonly mails: CaughtMail[] = [];

  add(mail: IncomingMail, now = new Date()): CaughtMail {
    const known = mail.messageId
      ? this.mails.find((m) => m.messageId === mail.messageId)
      : undefined;
    if (known) {
      known.deliveries += 1;
      return known;
    }
    const caught = { ...mail, id: randomUUID(), receivedAt: now.toISOString(), deliveries: 1 };
    this.mails.push(caught);
    return caught;
  }

  /** Newest first; `to` narrows to one recipient. */
  list(to?: string): CaughtMail[] {
    const wanted = to?.toLowerCase();
    return this.mails
      .filter((m) => !wanted || m.to.some((address) => address.toLowerCase() === wanted))
      .slice()
      .reverse();
  }

  find(id: string): CaughtMail | undefined {
    return this.mails.find((m) => m.id === id);
  }

  clear(): void {
    this.mails.length = 0;
  }
}
