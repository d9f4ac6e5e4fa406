// The notice sender: claims due notices under a lease, renders and mails each, records the result.
// Retries back off (1 min, 2, 4… up to 6 h) and give up after MAX_ATTEMPTS as UNDELIVERABLE, which
// the back office lists. A crash between mailing and recording leaves the claim to run out; the
// next run mails the notice again with the same Message-ID, which the receiving side dedupes on.
// LINE notices are pushed the same way with the same X-Line-Retry-Key, which LINE dedupes on (409).
import type { ClaimedNotice, DeliveryResult } from "@/lib/db/notice-repository";
import { noticeContent, noticeText, type NoticeContext } from "./notice-content";
import { renderNoticeHtml } from "./notice-email";
import { noticeLineText } from "./notice-line-text";
import { LinePushRefusedError, type OutgoingLineMessage } from "./line-messenger";

export const MAX_ATTEMPTS = 10;
/** The longest one delivery may take: the SMTP mailer's connect, greeting and socket timeouts. */
export const DEFAULT_SEND_BUDGET_MS = 50_000;
const RETRY_BASE_MS = 60_000;
const RETRY_CAP_MS = 6 * 60 * 60_000;

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
}

/** A mail server's answer: permanent when it refuses the message for good (5xx). */
export class MailRefusedError extends Error {
  override name = "MailRefusedError";
  constructor(
    message: string,
    readonly isPermanent: boolean,
  ) {
    super(message);
  }
}

export interface NoticeSenderDeps {
  senderId: string;
  now: () => Date;
  leaseMs: number;
  context: NoticeContext;
  claim(input: {
    senderId: string;
    now: Date;
    leaseMs: number;
    limit: number;
  }): Promise<ClaimedNotice[]>;
  record(input: {
    noticeId: string;
    senderId: string;
    startedAt: Date;
    now: Date;
    result: DeliveryResult;
  }): Promise<void>;
  mail(message: OutgoingMail): Promise<void>;
  /** LINE notices (channel LINE): push through the Messaging API; unset = not configured. */
  pushLine?(message: OutgoingLineMessage): Promise<void>;
  /** The longest one delivery may take (default DEFAULT_SEND_BUDGET_MS). */
  sendBudgetMs?: number;
  /** Writes notices that fall due with time rather than with money (renewal reminders). */
  queueDue?(now: Date): Promise<number>;
  /** Withdraws unsent notices whose reason is gone (an order paid, a reset link expired). */
  withdrawStale?(now: Date): Promise<number>;
}

export interface SenderSummary {
  /** Notices written by time this run (renewal reminders). */
  queued: number;
  /** Unsent notices that no longer applied and were withdrawn this run. */
  withdrawn: number;
  claimed: number;
  sent: number;
  retrying: number;
  undeliverable: number;
}

/** The wait before attempt `attemptsSoFar + 1`. */
export function retryDelayMs(attemptsSoFar: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attemptsSoFar - 1), RETRY_CAP_MS);
}

export async function composeNoticeMail(
  notice: ClaimedNotice,
  context: NoticeContext,
): Promise<OutgoingMail> {
  const content = noticeContent(notice, context);
  return {
    to: notice.email,
    subject: content.subject,
    html: await renderNoticeHtml(content),
    text: noticeText(content),
    messageId: notice.messageId,
  };
}

/** A LINE notice as a text push; its retry key is the notice's own, the same on every try. */
export function composeNoticeLineMessage(
  notice: ClaimedNotice,
  context: NoticeContext,
): OutgoingLineMessage {
  if (!notice.lineUserId)
    throw new LinePushRefusedError("The shopper has no LINE account linked", true);
  return {
    to: notice.lineUserId,
    text: noticeLineText(noticeContent(notice, context)),
    retryKey: notice.messageId,
  };
}

async function send(deps: NoticeSenderDeps, notice: ClaimedNotice): Promise<void> {
  if (notice.channel !== "LINE") return deps.mail(await composeNoticeMail(notice, deps.context));
  if (!deps.pushLine)
    throw new LinePushRefusedError("LINE messaging is not configured on this server", false);
  await deps.pushLine(composeNoticeLineMessage(notice, deps.context));
}

/** Sends every due notice, one batch after another, until none is left (or `maxBatches`). */
export async function sendDueNotices(
  deps: NoticeSenderDeps,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<SenderSummary> {
  const summary: SenderSummary = {
    queued: 0,
    withdrawn: 0,
    claimed: 0,
    sent: 0,
    retrying: 0,
    undeliverable: 0,
  };
  if (deps.queueDue) summary.queued = await deps.queueDue(deps.now());
  if (deps.withdrawStale) summary.withdrawn = await deps.withdrawStale(deps.now());
  const batchSize = options.batchSize ?? 20;
  for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
    const claimed = await deps.claim({
      senderId: deps.senderId,
      now: deps.now(),
      leaseMs: deps.leaseMs,
      limit: batchSize,
    });
    if (claimed.length === 0) break;
    summary.claimed += claimed.length;
    // No delivery may still be running when the lease ends: past it another sender may take the
    // notice, and both would mail it. The ones left go out once the lease has ended.
    const budget = Math.min(deps.sendBudgetMs ?? DEFAULT_SEND_BUDGET_MS, deps.leaseMs / 2);
    const stopAt = deps.now().getTime() + deps.leaseMs - budget;
    let isLeaseSpent = false;
    for (const notice of claimed) {
      if (deps.now().getTime() >= stopAt) {
        isLeaseSpent = true;
        break;
      }
      const result = await deliver(deps, notice);
      if (result.kind === "sent") summary.sent++;
      else if (result.kind === "retry") summary.retrying++;
      else summary.undeliverable++;
    }
    if (isLeaseSpent) break;
  }
  return summary;
}

async function deliver(deps: NoticeSenderDeps, notice: ClaimedNotice): Promise<DeliveryResult> {
  const startedAt = deps.now();
  let result: DeliveryResult;
  try {
    await send(deps, notice);
    result = { kind: "sent" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const isPermanent =
      (error instanceof MailRefusedError || error instanceof LinePushRefusedError) &&
      error.isPermanent;
    const attempts = notice.attempts + 1;
    result =
      isPermanent || attempts >= MAX_ATTEMPTS
        ? { kind: "undeliverable", error: message }
        : {
            kind: "retry",
            error: message,
            nextAttemptAt: new Date(deps.now().getTime() + retryDelayMs(attempts)),
          };
  }
  await deps.record({
    noticeId: notice.id,
    senderId: deps.senderId,
    startedAt,
    now: deps.now(),
    result,
  });
  return result;
}
