// One renewal runner process for the benchmark (WORKERS > 1): its own database connection, LINE
// Pay client and leases, as a scheduler would start it. It connects and warms up, prints "ready",
// runs when the benchmark writes "go" on stdin (so process start-up is not timed as renewal work),
// then prints one JSON line with its run summary, CPU, event-loop use and peak RSS.
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
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
const batchSize = process.env.BATCH_SIZE ? Number(process.env.BATCH_SIZE) : undefined;
try {
  await db.renewalRun.count(); // connect (and open the pool / file) before the clock starts
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
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
    { trigger: "bench", runnerId: env("RUNNER_ID"), concurrency: Number(env("RUNNER_CONCURRENCY")), ...(batchSize ? { batchSize } : {}) },
  );
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    `${JSON.stringify({
      summary,
      cpuMs: (cpu.user + cpu.system) / 1000,
      eventLoopUtilization: performance.eventLoopUtilization(elu0).utilization,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  await db.$disconnect();
}
