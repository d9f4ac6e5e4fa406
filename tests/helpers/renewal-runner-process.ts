// One renewal runner as its own OS process, as a scheduler would start it: its own database
// connection and LINE Pay client. Configured by environment; prints its run summary as JSON.
import { createDb } from "@/lib/db/client";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";
import { renewalDepsFromEnv, requiredEnv } from "./renewal-runner-env";

const db = createDb(requiredEnv("DATABASE_URL"));
try {
  const summary = await runRenewals(renewalDepsFromEnv(db), {
    trigger: "test",
    runnerId: requiredEnv("RUNNER_ID"),
    concurrency: Number(process.env.RUNNER_CONCURRENCY ?? 10),
    batchSize: 25,
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await db.$disconnect();
}
