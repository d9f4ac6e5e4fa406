// `npm run notices`: one notice sender run (mails every due notice, then exits), for schedulers
// other than Vercel Cron. Safe to start several at once: senders share the work through leases.
import { createDb } from "../db/client";
import { readClockOffsetMs } from "../db/test-clock-repository";
import { sendDueNotices } from "../notices/send-notices";
import { noticeSenderFrom } from "../server/notice-deps";
import { loadJobEnv } from "./job-env";

const env = loadJobEnv("notices");
const db = createDb(env.DATABASE_URL);
try {
  const offsetMs =
    env.TEST_CLOCK_ENABLED === "1" && env.APP_ENV !== "production"
      ? await readClockOffsetMs(db)
      : 0;
  const sender = noticeSenderFrom({ env, db, now: () => new Date(Date.now() + offsetMs) });
  try {
    const summary = await sendDueNotices(sender.deps);
    console.log(JSON.stringify(summary));
  } finally {
    sender.close();
  }
} finally {
  await db.$disconnect();
}
