// `npm run renewals`: one renewal run, for schedulers other than Vercel Cron (cron, systemd timers,
// Kubernetes CronJobs). Safe to start many at once: runners share the work through leases.
import { createDb } from "../db/client";
import { readClockOffsetMs } from "../db/test-clock-repository";
import { parseEnv } from "../env";
import { runRenewals } from "../subscriptions/renewal-engine";
import { createAppDeps } from "../server/app-deps";
import { renewalDepsFrom } from "../server/renewal-deps";
import { applyDevEnv, loadLocalEnv } from "./dev-env";

// Locally the same defaults as `npm run dev` (sandbox, SQLite); in production only the real environment.
if (process.env.NODE_ENV === "production") loadLocalEnv();
else applyDevEnv();
const env = parseEnv(process.env);
const db = createDb(env.DATABASE_URL);
try {
  const offsetMs = env.TEST_CLOCK_ENABLED === "1" && env.APP_ENV !== "production" ? await readClockOffsetMs(db) : 0;
  const deps = createAppDeps({ env, db, now: () => new Date(Date.now() + offsetMs) });
  const summary = await runRenewals(renewalDepsFrom(deps), { trigger: "cli", concurrency: Number(process.env.RENEWAL_CONCURRENCY ?? 20) });
  console.log(JSON.stringify(summary));
  process.exitCode = summary.errors > 0 ? 1 : 0;
} finally {
  await db.$disconnect();
}
