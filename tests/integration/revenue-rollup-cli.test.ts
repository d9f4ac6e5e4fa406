// `npm run revenue:rollup` as a scheduler runs it, in its own process against a real SQLite file:
// the check exits 0 when the rollups equal the rows and 1 (naming the difference) when a row was
// changed behind the transactions' back; the rebuild puts it right.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-databases";
import { seedRevenueRows } from "../helpers/revenue-rows";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const run = promisify(execFile);

describe("npm run revenue:rollup", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(async () => database?.drop());

  const cli = (command: string) =>
    run(process.execPath, [TSX, "lib/cli/revenue-rollup.ts", command], {
      env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: "test" },
    }).then(
      (done) => ({ code: 0, out: done.stdout + done.stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code,
        out: `${error.stdout}${error.stderr}`,
      }),
    );

  it("checks, finds rows written behind its back, and rebuilds", async () => {
    expect((await cli("check")).code).toBe(0);
    const at = new Date("2026-03-14T10:00:00+08:00");
    await seedRevenueRows(
      database.db,
      {
        subscriptions: [{ id: "s", interval: "MONTH", amountMinor: 149, anchorAt: at }],
        periods: [
          { subscriptionId: "s", startsAt: at, endsAt: new Date(at.getTime() + 30 * 86_400_000) },
        ],
        attempts: [],
        orders: [{ paidAt: at, amountMinor: 149, status: "PAID" }],
        refunds: [],
      },
      "cli",
    );
    const stale = await cli("check");
    expect(stale.code).toBe(1);
    expect(stale.out).toContain("2026-03-14");
    const rebuilt = await cli("rebuild");
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.out).toContain("rebuilt");
    expect((await cli("check")).code).toBe(0);
    const day = await database.db.revenueDay.findUniqueOrThrow({
      where: { currency_day: { currency: "TWD", day: "2026-03-14" } },
    });
    expect(day).toMatchObject({ grossMinor: 149, newSubscribers: 1, activeDelta: 1 });
    expect((await cli("nonsense")).code).toBe(2);
  }, 120_000);
});
