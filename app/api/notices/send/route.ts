// GET (Vercel Cron) / POST (other schedulers) /api/notices/send: mails every due notice from the
// outbox. Authorised by `Authorization: Bearer $CRON_SECRET`; answers the run summary.
import { getEnv } from "@/lib/env";
import { sendDueNotices } from "@/lib/notices/send-notices";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { withCron } from "@/lib/server/app-routes";
import { noticeSenderFrom } from "@/lib/server/notice-deps";

export const maxDuration = 300;

const handle = withCron(async () => {
  const sender = noticeSenderFrom({ env: getEnv(), db: getAppDb(), now: await getAppClock() });
  try {
    return Response.json({ run: await sendDueNotices(sender.deps) });
  } finally {
    sender.close();
  }
});

export { handle as GET, handle as POST };
