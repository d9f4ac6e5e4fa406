// Readiness as the app reports it (GET /api/health/ready and the back office's glance): the
// database's facts judged at the app clock against the limits in lib/env.ts.
import { readReadinessFacts } from "@/lib/db/readiness-repository";
import { getEnv } from "@/lib/env";
import { assessReadiness, unreachableDatabase, type Readiness } from "@/lib/health/readiness";
import { getAppClock } from "./app-clock";
import { getAppDb } from "./app-db";

export async function checkReadiness(): Promise<Readiness> {
  const env = getEnv();
  const limits = {
    renewalsStaleAfterMinutes: env.RENEWALS_STALE_AFTER_MINUTES,
    reconcileStaleAfterMinutes: env.RECONCILE_STALE_AFTER_MINUTES,
  };
  return Promise.all([readReadinessFacts(getAppDb()), getAppClock()]).then(
    ([facts, now]) => assessReadiness(facts, now(), limits),
    () => unreachableDatabase(limits),
  );
}
