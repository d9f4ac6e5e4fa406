// "Send again" from the back office: puts a notice back in the queue now, with its back-off reset,
// and records who asked. A notice that was delivered gets a new Message-ID or LINE retry key (the
// shopper asked for another copy, which their mail system or LINE must not drop as a duplicate);
// one never delivered keeps its own. A notice being sent right now is left alone.
import type { Transaction } from "kysely";
import { auditEntryRow } from "./audit-repository";
import { sqlOf, type Db } from "./client";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { noticeMessageId, noticeRetryKey } from "./notice-outbox";
import { statusReason } from "@/lib/billing/status-reason";

export type ResendResult = "queued" | "sending" | "not-found";

export async function resendNotice(
  db: Db,
  input: { noticeId: string; actor: string; actorLabel: string; now: Date },
): Promise<ResendResult> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx: Transaction<Database>) => {
      const notice = await tx
        .selectFrom("Notice")
        .select(["id", "state", "dedupeKey", "messageId", "channel"])
        .where("id", "=", input.noticeId)
        .executeTakeFirst();
      if (!notice) return "not-found";
      if (notice.state === "CLAIMED") return "sending";
      // A LINE message's id is its X-Line-Retry-Key, which LINE wants as a UUID.
      const resentKey = `${notice.dedupeKey}#resent-${input.now.getTime()}`;
      const messageId =
        notice.state !== "SENT"
          ? notice.messageId
          : notice.channel === "LINE"
            ? noticeRetryKey(resentKey)
            : noticeMessageId(resentKey);
      const moved = await tx
        .updateTable("Notice")
        .set({
          state: "PENDING",
          attempts: 0,
          nextAttemptAt: input.now,
          messageId,
          updatedAt: input.now,
        })
        .where("id", "=", notice.id)
        .where("state", "=", notice.state)
        .executeTakeFirst();
      if (moved.numUpdatedRows === 0n) return "sending";
      await tx
        .insertInto("AuditEntry")
        .values(
          auditEntryRow(
            {
              actor: input.actor,
              actorLabel: input.actorLabel,
              action: "notice.resend",
              targetType: "NOTICE",
              targetId: notice.id,
              reason: statusReason("admin.notice_resent"),
              before: { state: notice.state, messageId: notice.messageId },
              after: { state: "PENDING", messageId },
            },
            input.now,
          ),
        )
        .execute();
      return "queued";
    });
}
