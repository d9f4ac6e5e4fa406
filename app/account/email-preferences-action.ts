"use server";
// Server action behind the account page's email choices: renewal reminders on or off. Receipts and
// payment problems are always emailed, so there is nothing else to switch.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { setRemindersByEmail } from "@/lib/db/user-repository";
import { getAppDb } from "@/lib/server/app-db";

export async function saveEmailPreferencesAction(form: FormData): Promise<void> {
  const user = await requireUser("/account");
  await setRemindersByEmail(getAppDb(), user.id, form.get("remindersByEmail") === "on");
  revalidatePath("/account");
}
