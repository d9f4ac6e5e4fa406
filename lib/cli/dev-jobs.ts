// The jobs `npm run dev` runs by itself: every interval one renewal run, one reconciliation run and
// one notice sender run, the same use cases the cron routes and the `renewals` / `reconcile` /
// `notices` CLIs call, so a closed-tab approval settles, renewals fall due and their emails arrive
// without anyone calling a route. One line per run.
import type { Db } from "../db/client";
import { readClockOffsetMs } from "../db/test-clock-repository";
import type { Env } from "../env";
import { sendDueNotices } from "../notices/send-notices";
import { runReconciliation } from "../reconciliation/reconciliation-job";
import { runRenewals } from "../subscriptions/renewal-engine";
import { createAppDeps } from "../server/app-deps";
import { noticeSenderFrom } from "../server/notice-deps";
import { reconcileDepsFrom } from "../server/reconcile-deps";
import { renewalDepsFrom } from "../server/renewal-deps";
import { foldPendingRollups } from "../db/rollup-queue";

export const DEV_JOBS_TRIGGER = "dev-scheduler";
const DEFAULT_DEV_INTERVAL_SECONDS = 30;

/** Milliseconds between runs, or 0 for none: on in development, off elsewhere unless configured. */
export function devJobsIntervalMs(env: Env): number {
  const seconds =
    env.DEV_JOBS_INTERVAL_SECONDS ??
    (env.APP_ENV === "development" ? DEFAULT_DEV_INTERVAL_SECONDS : 0);
  return seconds * 1000;
}

export interface DevJobs {
  /** Waits for a run in progress, then stops. */
  stop(): Promise<void>;
}

/** Starts the schedule; runs never overlap (the next one is timed from the end of the last). */
export function startDevJobs(options: {
  env: Env;
  db: Db;
  intervalMs: number;
  log?: (line: string) => void;
}): DevJobs {
  const { env, db, intervalMs, log = console.log } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let isStopped = false;

  async function runOnce(): Promise<void> {
    try {
      // Read per run, like every request does: moving the test clock moves the next run with it.
      const offsetMs =
        env.TEST_CLOCK_ENABLED === "1" && env.APP_ENV !== "production"
          ? await readClockOffsetMs(db)
          : 0;
      const deps = createAppDeps({ env, db, now: () => new Date(Date.now() + offsetMs) });
      const renewals = await runRenewals(renewalDepsFrom(deps), {
        trigger: DEV_JOBS_TRIGGER,
        concurrency: env.RENEWAL_CONCURRENCY,
      });
      const reconcile = await runReconciliation(reconcileDepsFrom(deps), {
        trigger: DEV_JOBS_TRIGGER,
      });
      const folded = await foldPendingRollups(db);
      const sender = noticeSenderFrom({ env, db, now: deps.now });
      const notices = await sendDueNotices(sender.deps).finally(() => sender.close());
      log(
        `[jobs] renewals: ${renewals.due} due, ${renewals.charged} charged, ` +
          `${renewals.declined} declined, ${renewals.errors} errors · reconcile: ` +
          `${reconcile.checked} checked, ${reconcile.settled} settled, ` +
          `${reconcile.flagged} flagged, ${reconcile.errors} errors · rollups: ${folded} folded · notices: ` +
          `${notices.sent} sent, ${notices.retrying} retrying, ${notices.undeliverable} undeliverable`,
      );
    } catch (error) {
      log(`[jobs] run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function schedule(): void {
    if (isStopped) return;
    timer = setTimeout(() => {
      running = runOnce().finally(schedule);
    }, intervalMs);
    timer.unref();
  }
  schedule();

  return {
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
