// `npm run revenue:rollup -- rebuild` writes the revenue rollup again from every row (the backfill
// after its migration, or after a restore); `npm run revenue:rollup -- check` (the default)
// recomputes it from every row and exits 1 when what the transactions maintained differs. The
// rebuild is one transaction: run it while no payments are being written (the check any time).
import { createDb } from "../db/client";
import { checkRevenueRollup, rebuildRevenueRollup } from "../db/revenue-rollup-rebuild";
import { createLogger } from "../logger";
import { loadJobEnv } from "./job-env";

const command = process.argv[2] ?? "check";
const env = loadJobEnv("revenue-rollup");
const db = createDb(env.DATABASE_URL);
const log = createLogger(undefined, "info").child({ job: "revenue-rollup" });
try {
  if (command === "rebuild") {
    const started = performance.now();
    const rebuilt = await rebuildRevenueRollup(db);
    log.info({ ...rebuilt, ms: Math.round(performance.now() - started) }, "revenue rollup rebuilt");
  } else if (command === "check") {
    const { differences, spanDifferences } = await checkRevenueRollup(db);
    const isExact = differences.length === 0 && spanDifferences === 0;
    if (isExact) log.info("revenue rollup equals the recomputation from rows");
    else log.error({ differences, spanDifferences }, "revenue rollup differs from the rows");
    process.exitCode = isExact ? 0 : 1;
  } else {
    log.error(`unknown command ${JSON.stringify(command)}: use rebuild or check`);
    process.exitCode = 2;
  }
} finally {
  await db.$disconnect();
}
