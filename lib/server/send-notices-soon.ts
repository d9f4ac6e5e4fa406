// Starts one notice sender run once the answer has gone out, for notices a shopper is waiting for
// (a password reset link, ATM transfer instructions). The scheduled runs (cron, the dev scheduler)
// stay the guarantee; this only makes the usual case immediate. Leases keep two runs from mailing
// the same notice, and a failure here only leaves the notice to the next scheduled run.
import { after } from "next/server";
import { getEnv } from "@/lib/env";
import { describeErrorForLog, logger } from "@/lib/logger";
import { sendDueNotices } from "@/lib/notices/send-notices";
import { getAppClock } from "./app-clock";
import { getAppDb } from "./app-db";
import { noticeSenderFrom } from "./notice-deps";

export function sendNoticesSoon(reason: string): void {
  after(async () => {
    try {
      const sender = noticeSenderFrom({ env: getEnv(), db: getAppDb(), now: await getAppClock() });
      try {
        await sendDueNotices(sender.deps, { maxBatches: 1 });
      } finally {
        sender.close();
      }
    } catch (error) {
      logger.warn({ reason, error: describeErrorForLog(error) }, "notice sender run failed");
    }
  });
}
