// The outbox's delivery side: claim due notices under a lease, record each attempt and its result.
// A claim is one compare-and-set UPDATE, so two senders never hold the same notice at once; a
// sender that dies leaves its claim to run out, and the next sender takes the notice again.
import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import { sqlOf, type Db } from "./client";
import type { Notice } from "./generated/kysely/postgres/database";

export type NoticeRow = Selectable<Notice>;
export type ClaimedNotice = NoticeRow & { email: string; lineUserId: string | null };

export async function claimDueNotices(
  db: Db,
  input: { senderId: string; now: Date; leaseMs: number; limit: number },
): Promise<ClaimedNotice[]> {
  const sql = sqlOf(db);
  const leaseEnd = new Date(input.now.getTime() + input.leaseMs);
  const claimable = sql
    .selectFrom("Notice")
    .select("id")
    .where("state", "in", ["PENDING", "FAILED", "CLAIMED"])
    .where("nextAttemptAt", "<=", input.now)
    .orderBy("nextAttemptAt")
    .limit(input.limit);
  const claimed = await sql
    .updateTable("Notice")
    .set({
      state: "CLAIMED",
      claimedBy: input.senderId,
      nextAttemptAt: leaseEnd,
      updatedAt: input.now,
    })
    .where("id", "in", claimable)
    // Re-checked on the row itself: a notice another sender claimed meanwhile is skipped.
    .where("state", "in", ["PENDING", "FAILED", "CLAIMED"])
    .where("nextAttemptAt", "<=", input.now)
    .returning("id")
    .execute();
  if (claimed.length === 0) return [];
  const rows = await sql
    .selectFrom("Notice")
    .innerJoin("User", "User.id", "Notice.userId")
    .selectAll("Notice")
    .select(["User.email", "User.lineUserId"])
    .where(
      "Notice.id",
      "in",
      claimed.map((row) => row.id),
    )
    .where("Notice.claimedBy", "=", input.senderId)
    .orderBy("Notice.createdAt")
    .execute();
  return rows;
}

export type DeliveryResult =
  | { kind: "sent" }
  | { kind: "retry"; error: string; nextAttemptAt: Date }
  | { kind: "undeliverable"; error: string };

/** Records one attempt and its result; a notice already SENT stays SENT. */
export async function recordNoticeDelivery(
  db: Db,
  input: {
    noticeId: string;
    senderId: string;
    startedAt: Date;
    now: Date;
    result: DeliveryResult;
  },
): Promise<void> {
  const { result } = input;
  await sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      await tx
        .insertInto("NoticeAttempt")
        .values({
          id: randomUUID(),
          noticeId: input.noticeId,
          senderId: input.senderId,
          startedAt: input.startedAt,
          finishedAt: input.now,
          outcome: result.kind,
          detail: result.kind === "sent" ? null : result.error.slice(0, 500),
        })
        .execute();
      await tx
        .updateTable("Notice")
        .set((eb) => ({
          attempts: eb("attempts", "+", 1),
          claimedBy: null,
          updatedAt: input.now,
          ...(result.kind === "sent"
            ? { state: "SENT" as const, sentAt: input.now, lastError: null }
            : result.kind === "retry"
              ? { state: "FAILED" as const, nextAttemptAt: result.nextAttemptAt }
              : { state: "UNDELIVERABLE" as const }),
          ...(result.kind !== "sent" ? { lastError: result.error.slice(0, 500) } : {}),
        }))
        .where("id", "=", input.noticeId)
        .where("state", "!=", "SENT")
        .execute();
    });
}

export interface NoticeSummary {
  id: string;
  kind: string;
  channel: string;
  state: NoticeRow["state"];
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The merchant order number the notice is about, if any. */
  orderNumber: string | null;
  subscriptionId: string | null;
  email: string;
}

function summaries(db: Db) {
  return sqlOf(db)
    .selectFrom("Notice")
    .innerJoin("User", "User.id", "Notice.userId")
    .leftJoin("Order", "Order.id", "Notice.orderId")
    .select([
      "Notice.id",
      "Notice.kind",
      "Notice.channel",
      "Notice.state",
      "Notice.attempts",
      "Notice.lastError",
      "Notice.createdAt",
      "Notice.sentAt",
      "Order.orderId as orderNumber",
      "Notice.subscriptionId",
      "User.email",
    ]);
}

/** Notices the sender gave up on, newest first, for the back office's needs-attention page. */
export async function listUndeliverableNotices(db: Db, limit = 50): Promise<NoticeSummary[]> {
  return summaries(db)
    .where("Notice.state", "=", "UNDELIVERABLE")
    .orderBy("Notice.createdAt", "desc")
    .limit(limit)
    .execute();
}

/** Every notice about one order (by its row id) or one subscription, oldest first. */
export async function listNoticesAbout(
  db: Db,
  about: { orderId: string } | { subscriptionId: string },
): Promise<NoticeSummary[]> {
  const query = summaries(db);
  return (
    "orderId" in about
      ? query.where("Notice.orderId", "=", about.orderId)
      : query.where("Notice.subscriptionId", "=", about.subscriptionId)
  )
    .orderBy("Notice.createdAt")
    .limit(100)
    .execute();
}
