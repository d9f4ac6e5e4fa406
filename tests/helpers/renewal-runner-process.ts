// One renewal runner as its own OS process, as a scheduler would start it: its own database
// connection and LINE Pay client. Configured by environment; prints its run summary as JSON.
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";
import { createLinePayGateway } from "@/lib/checkout/linepay-gateway";
import { createDb } from "@/lib/db/client";
import { createLinePayClient } from "@/lib/linepay";
import { parseKeyring } from "@/lib/security/secret-box";
import { createRegKeyVault } from "@/lib/subscriptions/regkey-vault";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const db = createDb(env("DATABASE_URL"));
const offsetMs = Number(env("CLOCK_OFFSET_MS"));
try {
  const summary = await runRenewals(
    {
      db,
      gateway: createLinePayGateway({
        db,
        createClient: (onCall) =>
          createLinePayClient({ baseUrl: env("LINEPAY_API_BASE_URL"), channelId: env("LINEPAY_CHANNEL_ID"), channelSecret: env("LINEPAY_CHANNEL_SECRET"), onCall }),
      }),
      vault: createRegKeyVault(parseKeyring(env("REGKEY_ENCRYPTION_KEYS"))),
      policy: DEFAULT_BILLING_POLICY,
      now: () => new Date(Date.now() + offsetMs),
      productName: () => "VIP Monthly renewal",
    },
    { trigger: "test", runnerId: env("RUNNER_ID"), concurrency: Number(process.env.RUNNER_CONCURRENCY ?? 10), batchSize: 25 },
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await db.$disconnect();
}
