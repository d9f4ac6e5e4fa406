// Which channels a notice goes out on. Shoppers signed in with LINE choose email, LINE messages or
// both on the account page; at least one always carries a notice, so receipts and payment problems
// cannot be switched off. Kinds without a LINE wording (a password reset...) go by email only.
import type { NoticeKind } from "./notice-payloads";

export type NoticeChannel = "EMAIL" | "LINE";

/** The kinds that have a LINE message (lib/notices/notice-line-text.ts). */
export const LINE_NOTICE_KINDS: readonly string[] = [
  "payment-receipt",
  "refund-receipt",
  "renewal-failed",
  "reapproval-needed",
  "subscription-ended",
  "renewal-reminder",
  "transfer-instructions",
  "transfer-reminder",
] satisfies NoticeKind[];

/** LINE may not share an email; such accounts get an address no mail can reach. */
export const LINE_PLACEHOLDER_EMAIL_DOMAIN = "users.line.invalid";

export const linePlaceholderEmail = (lineUserId: string) =>
  `line-${lineUserId}@${LINE_PLACEHOLDER_EMAIL_DOMAIN}`;

export const hasReachableEmail = (email: string) =>
  !email.toLowerCase().endsWith(`@${LINE_PLACEHOLDER_EMAIL_DOMAIN}`);

export interface NoticeRecipient {
  email: string;
  lineUserId: string | null;
  noticesByEmail: boolean;
  noticesByLine: boolean;
}

export function noticeChannels(kind: string, user: NoticeRecipient): NoticeChannel[] {
  const canUseLine = user.lineUserId !== null && LINE_NOTICE_KINDS.includes(kind);
  if (!canUseLine) return ["EMAIL"];
  const isEmailReachable = hasReachableEmail(user.email);
  const channels: NoticeChannel[] = [];
  if (user.noticesByEmail && isEmailReachable) channels.push("EMAIL");
  if (user.noticesByLine) channels.push("LINE");
  // Nothing chosen that can reach the shopper: the one channel that can.
  if (channels.length === 0) channels.push(isEmailReachable ? "EMAIL" : "LINE");
  return channels;
}

export interface ChannelChoice {
  byEmail: boolean;
  byLine: boolean;
}

/**
 * The channels a shopper's choice turns into, or undefined when it would leave none: LINE only for
 * a LINE account, email only to an address that can receive mail; a shopper without LINE always
 * gets email (it is their one channel).
 */
export function chosenChannels(
  user: { email: string; lineUserId: string | null },
  choice: ChannelChoice,
): { noticesByEmail: boolean; noticesByLine: boolean } | undefined {
  if (user.lineUserId === null) return { noticesByEmail: true, noticesByLine: false };
  const noticesByEmail = choice.byEmail && hasReachableEmail(user.email);
  const noticesByLine = choice.byLine;
  return noticesByEmail || noticesByLine ? { noticesByEmail, noticesByLine } : undefined;
}
