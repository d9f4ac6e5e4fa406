"use server";
// "Send again" beside a notice in the back office: queues it for the next sender run (the cron
// route, `npm run notices` or the dev scheduler) and says so; the page is not re-rendered here.
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { resendNotice, type ResendResult } from "@/lib/db/notice-resend";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";

export type ResendNoticeState = { kind: "idle" } | { kind: "done"; result: ResendResult };

export async function resendNoticeAction(
  _previous: ResendNoticeState,
  form: FormData,
): Promise<ResendNoticeState> {
  const admin = await requireAdmin("/admin/attention");
  const noticeId = z.string().min(1).max(100).safeParse(form.get("noticeId"));
  if (!noticeId.success) return { kind: "done", result: "not-found" };
  const result = await resendNotice(getAppDb(), {
    noticeId: noticeId.data,
    actor: `admin:${admin.id}`,
    actorLabel: admin.email,
    now: (await getAppClock())(),
  });
  return { kind: "done", result };
}
