// `npm run reconcile`: one reconciliation run, for schedulers other than Vercel Cron. Checks every
// order whose money state is still open with LINE Pay; safe to start while others run.
import { createDb } from "../db/client";
import { countOpenOrders } from "../db/reconciliation-repository";
import { readClockOffsetMs } from "../db/test-clock-repository";
import { runReconciliation } from "../reconciliation/reconciliation-job";
import { createAppDeps } from "../server/app-deps";
import { reconcileDepsFrom } from "../server/reconcile-deps";
import { foldPendingRollups } from "../db/rollup-queue";
import { createLogger } from "../logger";
import { startTelemetryFromEnv } from "../observability/start-telemetry";
import { inSpan } from "../observability/tracing";
import { loadJobEnv } from "./job-env";

// Locally the same defaults as `npm run dev` (sandbox, SQLite); in production only the real
// environment, and no DATABASE_URL stops the run.
const env = loadJobEnv("reconcile");
const db = createDb(env.DATABASE_URL);
// Traces, counters and the open-order gauges go to an OTLP collector when OTEL_EXPORTER_OTLP_*
// name one.
const telemetry = await startTelemetryFromEnv(process.env, "storefront-reconcile", () =>
  countOpenOrders(db),
);
// Jobs always log (NODE_ENV=test silences only in-process test runs of the app's logger).
const log = createLogger(undefined, "info").child({ job: "reconcile" });
try {
  const offsetMs =
    env.TEST_CLOCK_ENABLED === "1" && env.APP_ENV !== "production"
      ? await readClockOffsetMs(db)
      : 0;
  const deps = createAppDeps({ env, db, now: () => new Date(Date.now() + offsetMs) });
  // One trace per run: its LINE Pay calls and database work are the run's children.
  const summary = await inSpan("job reconcile", { "job.trigger": "cli" }, () =>
    runReconciliation(reconcileDepsFrom(deps), { trigger: "cli" }),
  );
  // The dashboards' rollups: fold what the money transactions queued, so the queue stays short.
  const rollupChangesFolded = await foldPendingRollups(db);
  // One JSON line (pino) with the run's counts at the top level: log collectors and tests read it.
  log.info({ ...summary, rollupChangesFolded }, "reconciliation run finished");
  process.exitCode = summary.errors > 0 ? 1 : 0;
} finally {
  // The last collection reads the gauges from the database: flush before disconnecting.
  await telemetry.shutdown();
  await db.$disconnect();
}
