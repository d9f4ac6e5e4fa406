// The account page's notice choices: channels (email, LINE) and renewal reminders.
import { sqlOf, type Db } from "./client";
import { chosenChannels, hasReachableEmail, type ChannelChoice } from "./notice-channels";

export interface NoticePreferences {
  remindersWanted: boolean;
  noticesByEmail: boolean;
  noticesByLine: boolean;
  hasLine: boolean;
  hasReachableEmail: boolean;
}

export async function findNoticePreferences(db: Db, id: string): Promise<NoticePreferences> {
  const row = await sqlOf(db)
    .selectFrom("User")
    .select(["email", "lineUserId", "remindersByEmail", "noticesByEmail", "noticesByLine"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return {
    remindersWanted: row.remindersByEmail,
    noticesByEmail: row.noticesByEmail,
    noticesByLine: row.noticesByLine,
    hasLine: row.lineUserId !== null,
    hasReachableEmail: hasReachableEmail(row.email),
  };
}

/** Saves the choices; "needs-a-channel" (nothing written) when no channel would be left. */
export async function saveNoticePreferences(
  db: Db,
  id: string,
  choice: ChannelChoice & { remindersWanted: boolean },
  now: Date,
): Promise<"saved" | "needs-a-channel"> {
  const sql = sqlOf(db);
  const user = await sql
    .selectFrom("User")
    .select(["email", "lineUserId"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const channels = chosenChannels(user, choice);
  if (!channels) return "needs-a-channel";
  await sql
    .updateTable("User")
    .set({ ...channels, remindersByEmail: choice.remindersWanted, updatedAt: now })
    .where("id", "=", id)
    .execute();
  return "saved";
}
