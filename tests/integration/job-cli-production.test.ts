// The job CLIs, each in its own process as a scheduler starts them, refuse to run in production
// without DATABASE_URL rather than quietly using a local SQLite file.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const run = promisify(execFile);

const CLIS = [
  "lib/cli/renewals.ts",
  "lib/cli/reconcile.ts",
  "lib/cli/notices.ts",
  "lib/cli/migrate.ts",
  "lib/cli/revenue-rollup.ts",
  "prisma/seed.ts",
];

describe("job CLIs in production", () => {
  it.each(CLIS)("%s exits non-zero and says DATABASE_URL is missing", async (cli) => {
    // An empty value counts as missing, and .env files never override a variable that is set.
    const env = {
      ...process.env,
      APP_ENV: "production",
      NODE_ENV: "production" as const,
      DATABASE_URL: "",
    };
    const failure = await run(process.execPath, [TSX, cli], { env }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("refusing to start. DATABASE_URL is not set.");
    expect(failure?.stderr).toContain("do not fall back to a local SQLite file");
  });
});
