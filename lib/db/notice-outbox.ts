// Writes a notice into the outbox inside the caller's transaction, beside the money state that
// causes it: both commit or neither does. The unique dedupe key makes a replayed event a no-op.
import { createHash, randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locales";
import { noticeChannels, type NoticeRecipient } from "./notice-channels";
import type { NoticeKind, NoticePayload } from "./notice-payloads";
import { noticeDedupeKey } from "./notice-payloads";
import type { DB as Database } from "./generated/kysely/postgres/database";

export interface NoticeDraft {
  kind: NoticeKind;
  /** The event's own id (order row, refund, charge attempt, status change). */
  eventId: string;
  userId: string;
  orderId?: string | null;
  subscriptionId?: string | null;
  payload: NoticePayload;
  /** The language to write in when it is not the account's (a reset asked for on a page). */
  locale?: string;
}

/**
 * The X-Line-Retry-Key every push of a LINE notice carries (a UUID, as LINE requires): derived from
 * the dedupe key only, so a push repeated after a crash is refused by LINE with 409, not shown twice.
 */
export function noticeRetryKey(dedupeKey: string): string {
  const hex = createHash("sha256").update(dedupeKey).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The Message-ID every delivery of this notice carries: derived from the dedupe key only. */
export function noticeMessageId(dedupeKey: string, domain: string = "notices.vip.local"): string {
  return `<${createHash("sha256").update(dedupeKey).digest("hex").slice(0, 32)}@${domain}>`;
}

/** What the outbox needs to know of the shopper: the language and the channels they chose. */
type Recipient = NoticeRecipient & { locale: string | null };

export async function enqueueNotice(
  tx: Transaction<Database>,
  draft: NoticeDraft,
  stamp: Date,
  /** The shopper, when the caller read them already (null: no such account); read here otherwise. */
  knownRecipient?: Recipient | null,
): Promise<void> {
  const user =
    knownRecipient !== undefined
      ? knownRecipient
      : await tx
          .selectFrom("User")
          .select(["locale", "email", "lineUserId", "noticesByEmail", "noticesByLine"])
          .where("id", "=", draft.userId)
          .executeTakeFirst();
  const eventKey = noticeDedupeKey(draft.kind, draft.eventId);
  // One row per channel, each delivered (and retried) on its own; email keeps the event's key.
  for (const channel of user ? noticeChannels(draft.kind, user) : (["EMAIL"] as const)) {
    const dedupeKey = channel === "EMAIL" ? eventKey : `${eventKey}:line`;
    await tx
      .insertInto("Notice")
      .values({
        id: randomUUID(),
        dedupeKey,
        messageId: channel === "EMAIL" ? noticeMessageId(dedupeKey) : noticeRetryKey(dedupeKey),
        kind: draft.kind,
        userId: draft.userId,
        channel,
        locale: isLocale(draft.locale)
          ? draft.locale
          : isLocale(user?.locale)
            ? user.locale
            : DEFAULT_LOCALE,
        orderId: draft.orderId ?? null,
        subscriptionId: draft.subscriptionId ?? null,
        payload: JSON.stringify(draft.payload),
        state: "PENDING",
        attempts: 0,
        nextAttemptAt: stamp,
        createdAt: stamp,
        updatedAt: stamp,
      })
      .onConflict((conflict) => conflict.column("dedupeKey").doNothing())
      .execute();
  }
}

/** The plan's words for the notice and its recipient, in one statement (a receipt per renewal). */
async function planAndRecipient(tx: Transaction<Database>, planId: string, userId: string) {
  const row = await tx
    .selectFrom("Plan")
    .leftJoin("User", (join) => join.on("User.id", "=", userId))
    .select([
      "Plan.code",
      "Plan.name",
      "User.id as userId",
      "User.locale",
      "User.email",
      "User.lineUserId",
      "User.noticesByEmail",
      "User.noticesByLine",
    ])
    .where("Plan.id", "=", planId)
    .executeTakeFirstOrThrow();
  const { code, name, userId: foundId, email, noticesByEmail, noticesByLine, ...rest } = row;
  const recipient: Recipient | null =
    foundId === null || email === null || noticesByEmail === null || noticesByLine === null
      ? null
      : { ...rest, email, noticesByEmail, noticesByLine };
  return { plan: { code, name }, recipient };
}

/** A receipt for an order that has just been paid (any kind: pass, first period, renewal...). */
export async function enqueuePaymentReceipt(
  tx: Transaction<Database>,
  order: {
    id: string;
    orderId: string;
    userId: string;
    planId: string;
    kind: string;
    subscriptionId: string | null;
    amountMinor: number;
    currency: string;
    transactionId: string | null;
    paidAt: Date | null;
  },
  stamp: Date,
): Promise<void> {
  const { plan, recipient } = await planAndRecipient(tx, order.planId, order.userId);
  await enqueueNotice(
    tx,
    {
      kind: "payment-receipt",
      eventId: order.id,
      userId: order.userId,
      orderId: order.id,
      subscriptionId: order.subscriptionId,
      payload: {
        orderId: order.orderId,
        orderKind: order.kind,
        planCode: plan.code,
        planName: plan.name,
        amountMinor: order.amountMinor,
        currency: order.currency,
        paidAt: (order.paidAt ?? stamp).toISOString(),
        providerReference: order.transactionId,
      },
    },
    stamp,
    recipient,
  );
}

/** A refund receipt, one per settled refund. */
export async function enqueueRefundReceipt(
  tx: Transaction<Database>,
  refund: { id: string; amountMinor: number; currency: string; recordedManually: boolean },
  order: {
    id: string;
    orderId: string;
    userId: string;
    planId: string;
    provider: string;
    providerAccount: string | null;
  },
  stamp: Date,
): Promise<void> {
  const { plan, recipient } = await planAndRecipient(tx, order.planId, order.userId);
  // Where the money goes back to, in the shopper's words: never "your LINE Pay" for a card or a
  // bank transfer, and never a claim about who sent it (a SinoPac refund is made by hand).
  const refundTo =
    order.provider === "LINEPAY" ? "linepay" : order.providerAccount ? "bank" : "card";
  await enqueueNotice(
    tx,
    {
      kind: "refund-receipt",
      eventId: refund.id,
      userId: order.userId,
      orderId: order.id,
      payload: {
        orderId: order.orderId,
        planCode: plan.code,
        planName: plan.name,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        refundedAt: stamp.toISOString(),
        refundTo,
      },
    },
    stamp,
    recipient,
  );
}

/** Failed renewal, re-approval needed, or ended: what the subscription now means for the shopper. */
export async function enqueueSubscriptionNotice(
  tx: Transaction<Database>,
  kind: "renewal-failed" | "reapproval-needed" | "subscription-ended",
  eventId: string,
  subscription: {
    id: string;
    userId: string;
    planId: string;
    nextActionAt: Date | null;
    graceUntil: Date | null;
    endedAt: Date | null;
  },
  stamp: Date,
): Promise<void> {
  const { plan, recipient } = await planAndRecipient(tx, subscription.planId, subscription.userId);
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  await enqueueNotice(
    tx,
    {
      kind,
      eventId,
      userId: subscription.userId,
      subscriptionId: subscription.id,
      payload: {
        planCode: plan.code,
        planName: plan.name,
        nextRetryAt: kind === "renewal-failed" ? iso(subscription.nextActionAt) : null,
        graceUntil: iso(subscription.graceUntil),
        endedAt: kind === "subscription-ended" ? iso(subscription.endedAt ?? stamp) : null,
      },
    },
    stamp,
    recipient,
  );
}
