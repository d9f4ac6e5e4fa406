// `npm run revenue:rollup -- rebuild` writes the dashboard rollups (the revenue days and the admin
// orders totals) again from every row: the backfill after their migration, or after a restore.
// `npm run revenue:rollup -- check` (the default) recomputes them from every row and exits 1 when
// what the transactions maintained differs. Each rebuild is one transaction: run it while no
// payments are being written (the check any time).
import { createDb } from "../db/client";
import { checkRevenueRollup, rebuildRevenueRollup } from "../db/revenue-rollup-rebuild";
import { checkOrderTotals, rebuildOrderTotals } from "../db/order-totals-rebuild";
import { createLogger } from "../logger";
import { loadJobEnv } from "./job-env";

const command = process.argv[2] ?? "check";
const env = loadJobEnv("revenue-rollup");
const db = createDb(env.DATABASE_URL);
const log = createLogger(undefined, "info").child({ job: "revenue-rollup" });
try {
  if (command === "rebuild") {
    const started = performance.now();
    const revenue = await rebuildRevenueRollup(db);
    const totals = await rebuildOrderTotals(db);
    const ms = Math.round(performance.now() - started);
    log.info({ revenue, totals, ms }, "revenue rollup and orders totals rebuilt");
  } else if (command === "check") {
    const { differences, spanDifferences } = await checkRevenueRollup(db);
    const totals = await checkOrderTotals(db);
    const isExact = differences.length === 0 && spanDifferences === 0 && totals.length === 0;
    if (isExact) log.info("revenue rollup and orders totals equal the recomputation from rows");
    else
      log.error(
        { differences, spanDifferences, totals },
        "revenue rollup or orders totals differ from the rows",
      );
    process.exitCode = isExact ? 0 : 1;
  } else {
    log.error(`unknown command ${JSON.stringify(command)}: use rebuild or check`);
    process.exitCode = 2;
  }
} finally {
  await db.$disconnect();
}
