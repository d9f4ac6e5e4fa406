// `npm run renewals`: one renewal run, for schedulers other than Vercel Cron (cron, systemd timers,
// Kubernetes CronJobs). Safe to start many at once: runners share the work through leases.
import { DEFAULT_BILLING_POLICY } from "../billing/billing-policy";
import { createLinePayGateway } from "../checkout/linepay-gateway";
import { createDb } from "../db/client";
import { readClockOffsetMs } from "../db/test-clock-repository";
import { parseEnv } from "../env";
import { linePayClientFromEnv } from "../linepay";
import { parseKeyring } from "../security/secret-box";
import { createRegKeyVault } from "../subscriptions/regkey-vault";
import { runRenewals } from "../subscriptions/renewal-engine";
import { RENEWAL_PRODUCT_NAME } from "../subscriptions/renewal-types";
import { applyDevEnv, loadLocalEnv } from "./dev-env";

// Locally the same defaults as `npm run dev` (sandbox, SQLite); in production only the real environment.
if (process.env.NODE_ENV === "production") loadLocalEnv();
else applyDevEnv();
const env = parseEnv(process.env);
const db = createDb(env.DATABASE_URL);
try {
  const offsetMs = env.TEST_CLOCK_ENABLED === "1" && env.APP_ENV !== "production" ? await readClockOffsetMs(db) : 0;
  const summary = await runRenewals(
    {
      db,
      gateway: createLinePayGateway({ db, createClient: (onCall) => linePayClientFromEnv(env, { onCall }) }),
      vault: createRegKeyVault(parseKeyring(env.REGKEY_ENCRYPTION_KEYS, env.REGKEY_ENCRYPTION_KEY_ID)),
      policy: DEFAULT_BILLING_POLICY,
      now: () => new Date(Date.now() + offsetMs),
      productName: () => RENEWAL_PRODUCT_NAME,
    },
    { trigger: "cli", concurrency: Number(process.env.RENEWAL_CONCURRENCY ?? 20) },
  );
  console.log(JSON.stringify(summary));
  process.exitCode = summary.errors > 0 ? 1 : 0;
} finally {
  await db.$disconnect();
}
