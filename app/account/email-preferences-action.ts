"use server";
// Server action behind the account page's notice choices: the channels (email, LINE messages, for
// shoppers signed in with LINE) and renewal reminders. A choice that leaves no channel is refused:
// receipts and payment problems must reach the shopper somewhere.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { saveNoticePreferences } from "@/lib/db/notice-preferences-repository";
import { getAppDb } from "@/lib/server/app-db";

export async function saveEmailPreferencesAction(form: FormData): Promise<void> {
  const user = await requireUser("/account");
  const outcome = await saveNoticePreferences(
    getAppDb(),
    user.id,
    {
      remindersWanted: form.get("remindersByEmail") === "on",
      byEmail: form.get("noticesByEmail") === "on",
      byLine: form.get("noticesByLine") === "on",
    },
    new Date(),
  );
  revalidatePath("/account");
  if (outcome === "needs-a-channel") redirect("/account?notices=needsChannel#notices-heading");
}
