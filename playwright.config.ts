// End-to-end tests in a real Chromium against the production build, a fresh SQLite database and the
// local LINE Pay sandbox, all started by tests/e2e/start-stack.ts.
import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_APP_URL } from "./tests/e2e/stack-config";

// Debian's Chromium (`apt-get install chromium`) where Playwright cannot download its own browser
// (machines without internet access); CHROMIUM_PATH overrides; otherwise Playwright's bundled
// browser is used.
const chromiumPath =
  process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: E2E_APP_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "npx tsx tests/e2e/start-stack.ts",
    url: `${E2E_APP_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
