// One renewal runner process for the benchmark (WORKERS > 1): its own database connection, LINE
// Pay client and leases, as a scheduler would start it. It connects and warms up, prints "ready",
// runs when the benchmark writes "go" on stdin (so process start-up is not timed as renewal work),
// then prints one JSON line with its run summary, CPU, event-loop use and peak RSS.
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { createDb } from "@/lib/db/client";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";
import { renewalDepsFromEnv, requiredEnv } from "../helpers/renewal-runner-env";

const db = createDb(requiredEnv("DATABASE_URL"));
const batchSize = process.env.BATCH_SIZE ? Number(process.env.BATCH_SIZE) : undefined;
try {
  await db.renewalRun.count(); // connect (and open the pool / file) before the clock starts
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) =>
    createInterface({ input: process.stdin }).once("line", () => resolve()),
  );
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const summary = await runRenewals(renewalDepsFromEnv(db), {
    trigger: "bench",
    runnerId: requiredEnv("RUNNER_ID"),
    concurrency: Number(requiredEnv("RUNNER_CONCURRENCY")),
    ...(batchSize ? { batchSize } : {}),
  });
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
