// `npm test`: the whole suite, in order — the generated Prisma schemas checked against their source,
// type-check, lint and formatting, unit, integration (SQLite and Postgres), end to end in Chromium
// against a production build (every spec on SQLite, the money journeys again on PostgreSQL), two
// production servers on one PostgreSQL database (directly, and again through PgBouncer), then the
// production install in a clean copy — and one summary with the counts of each part.
// Postgres, PgBouncer and Chromium are required: a missing one fails the run instead of skipping tests.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import pg from "pg";
import { testPostgresUrl } from "./helpers/test-databases";
import { pgbouncerVersion } from "./helpers/pgbouncer";
import { POSTGRES_JOURNEYS, e2ePostgresUrl } from "./e2e/postgres-journeys";

const require = createRequire(import.meta.url);
const REPORTS = "tests/.tmp/reports";
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

interface Tally {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}

async function preflight(): Promise<string[]> {
  const problems: string[] = [];
  const client = new pg.Client({
    connectionString: testPostgresUrl(),
    connectionTimeoutMillis: 5_000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    problems.push(
      `PostgreSQL is not reachable at TEST_POSTGRES_URL (${testPostgresUrl().replace(/:[^:@/]+@/, ":***@")}): ${(error as Error).message}.\n` +
        "  Start one (Debian: pg_ctlcluster 15 main start) or set TEST_POSTGRES_URL to a server where the user may create databases.",
    );
  } finally {
    await client.end().catch(() => {});
  }
  try {
    pgbouncerVersion();
  } catch (error) {
    problems.push((error as Error).message);
  }
  const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(chromium) && !hasPlaywrightBrowser()) {
    problems.push(
      `No Chromium found (looked for ${chromium} and Playwright's own browser). Debian: apt-get install chromium; or set CHROMIUM_PATH.`,
    );
  }
  return problems;
}

function hasPlaywrightBrowser(): boolean {
  try {
    const { chromium } = require("@playwright/test") as typeof import("@playwright/test");
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

function vitestTally(name: string, file: string): Tally[] {
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    testResults: Array<{ assertionResults: Array<{ status: string; fullName: string }> }>;
  };
  const tests = report.testResults.flatMap((r) => r.assertionResults);
  const tally = (label: string, filter: (fullName: string) => boolean): Tally => {
    const picked = tests.filter((t) => filter(t.fullName));
    return {
      name: label,
      passed: picked.filter((t) => t.status === "passed").length,
      failed: picked.filter((t) => t.status === "failed").length,
      skipped: picked.filter((t) => t.status !== "passed" && t.status !== "failed").length,
    };
  };
  if (name !== "integration") return [tally(name, () => true)];
  return [
    tally("integration [sqlite]", (n) => n.includes("[sqlite]")),
    tally("integration [postgres]", (n) => n.includes("[postgres]")),
    tally(
      "integration (sandbox, client, other)",
      (n) => !n.includes("[sqlite]") && !n.includes("[postgres]"),
    ),
  ];
}

function playwrightTally(file: string, name = "e2e (Chromium)"): Tally {
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  };
  return {
    name,
    passed: report.stats.expected,
    failed: report.stats.unexpected + report.stats.flaky,
    skipped: report.stats.skipped,
  };
}

// Generated files first: a hand-edited prisma/*/schema.prisma would make every later step test a
// schema that the source no longer describes.
console.log("Checking the generated Prisma schemas (npm run db:schemas -- --check)…");
if (
  run(process.execPath, [require.resolve("tsx/cli"), "lib/cli/generate-schemas.ts", "--check"]) !==
  0
) {
  console.error("\nThe generated Prisma schemas are out of date: the suite did not run.");
  process.exit(1);
}

const problems = await preflight();
if (problems.length > 0) {
  console.error(`\nCannot run the whole suite:\n- ${problems.join("\n- ")}\n`);
  process.exit(1);
}

const binOf = (pkg: string, file: string) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), file);
const vitest = binOf("vitest", "vitest.mjs");
const tallies: Tally[] = [];
const exitCodes: number[] = [];

console.log("Type-checking (tsc --noEmit)…");
const typecheckCode = run(process.execPath, [
  binOf("typescript", "bin/tsc"),
  "--noEmit",
  "-p",
  ".",
]);
exitCodes.push(typecheckCode);
if (typecheckCode !== 0) console.error("Type errors: the suite continues, but the run will fail.");
// Lint (layer rules included) and formatting run early and never stop the run; a failure is one
// failed check in the summary and fails the run.
const checks = [
  { name: "lint (eslint)", bin: binOf("eslint", "bin/eslint.js"), args: ["."] },
  {
    name: "format (prettier --check)",
    bin: binOf("prettier", "bin/prettier.cjs"),
    args: ["--check", "."],
  },
];
for (const check of checks) {
  console.log(`\n${check.name}…`);
  const code = run(process.execPath, [check.bin, ...check.args]);
  exitCodes.push(code);
  tallies.push({
    name: check.name,
    passed: code === 0 ? 1 : 0,
    failed: code === 0 ? 0 : 1,
    skipped: 0,
  });
}
for (const project of ["unit", "integration"]) {
  const output = `${REPORTS}/${project}.json`;
  exitCodes.push(
    run(process.execPath, [
      vitest,
      "run",
      "--project",
      project,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${output}`,
    ]),
  );
  tallies.push(
    ...(existsSync(output)
      ? vitestTally(project, output)
      : [{ name: project, passed: 0, failed: 1, skipped: 0 }]),
  );
}

console.log("\nBuilding the app for the end-to-end tests (next build, APP_ENV=test)…");
// The e2e stack runs the production build with APP_ENV=test (its test clock), which a production
// build refuses unless it was built for it: build it that way, as start-stack.ts would.
const { ensureProductionBuild } = await import("./helpers/production-stack");
const buildCode = await ensureProductionBuild({ ...process.env, APP_ENV: "test" }, { force: true })
  .then(() => 0)
  .catch((error: unknown) => (console.error(error), 1));
exitCodes.push(buildCode);
if (buildCode === 0) {
  const output = `${REPORTS}/e2e.json`;
  exitCodes.push(
    run(process.execPath, [binOf("@playwright/test", "cli.js"), "test"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: output,
    }),
  );
  tallies.push(
    existsSync(output)
      ? playwrightTally(output)
      : { name: "e2e (Chromium)", passed: 0, failed: 1, skipped: 0 },
  );
} else {
  tallies.push({ name: "e2e (Chromium)", passed: 0, failed: 1, skipped: 0 });
}

// The money journeys again on the same build with PostgreSQL, the production database, behind the
// stack (a fresh database per run: tests/e2e/postgres-journeys.ts).
if (buildCode === 0) {
  const name = "e2e on PostgreSQL (Chromium)";
  const output = `${REPORTS}/e2e-postgres.json`;
  exitCodes.push(
    run(process.execPath, [binOf("@playwright/test", "cli.js"), "test", ...POSTGRES_JOURNEYS], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: output,
      E2E_DATABASE_URL: e2ePostgresUrl(testPostgresUrl()),
    }),
  );
  tallies.push(
    existsSync(output) ? playwrightTally(output, name) : { name, passed: 0, failed: 1, skipped: 0 },
  );
}

// Production servers on the same build: two `next start` on one PostgreSQL database, jobs as
// processes; then the same through PgBouncer in transaction mode.
if (buildCode === 0) {
  const output = `${REPORTS}/production.json`;
  exitCodes.push(
    run(process.execPath, [
      vitest,
      "run",
      "--project",
      "production",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${output}`,
    ]),
  );
  tallies.push(
    ...(existsSync(output)
      ? vitestTally("production servers (PostgreSQL)", output)
      : [{ name: "production servers (PostgreSQL)", passed: 0, failed: 1, skipped: 0 }]),
  );
}

// The production install in a clean copy (no dev dependency), started with the container's own
// entrypoint, and a smoke journey against it (tests/production/production-install-smoke.ts).
console.log("\nProduction-install smoke (npm ci --omit=dev, build, docker/entrypoint.sh)…");
const smokeCode = run(process.execPath, [
  require.resolve("tsx/cli"),
  "tests/production/production-install-smoke.ts",
]);
exitCodes.push(smokeCode);
tallies.push({
  name: "production-install smoke",
  passed: smokeCode === 0 ? 1 : 0,
  failed: smokeCode === 0 ? 0 : 1,
  skipped: 0,
});

const total = tallies.reduce(
  (sum, t) => ({
    passed: sum.passed + t.passed,
    failed: sum.failed + t.failed,
    skipped: sum.skipped + t.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log("\nTest summary");
for (const t of tallies)
  console.log(
    `  ${t.name.padEnd(40)} ${String(t.passed).padStart(4)} passed  ${String(t.failed).padStart(3)} failed  ${String(t.skipped).padStart(3)} skipped`,
  );
const skippedNote = total.skipped > 0 ? `, ${total.skipped} skipped` : "";
console.log(`\n${total.passed} passed, ${total.failed} failed${skippedNote}`);

// A skipped test is a test that did not run: the suite is only green when every test ran and passed.
const ok =
  exitCodes.every((code) => code === 0) &&
  total.failed === 0 &&
  total.skipped === 0 &&
  total.passed > 0;
process.exit(ok ? 0 : 1);
