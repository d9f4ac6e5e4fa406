// Every test is a client of its own: its requests carry an X-Forwarded-For address derived from the
// test's id (the stack runs with TRUSTED_PROXY_HOPS=1, so the app takes the rightmost entry as the
// one its proxy saw). The per-IP sign-in and sign-up limits then count each test apart, so how many
// tests happen to run within one minute can never exhaust a budget they would otherwise share. Contexts a test makes with browser.newContext()
// get the header too; one that sets its own X-Forwarded-For keeps it.
import { createHash } from "node:crypto";
import { test as base } from "@playwright/test";

/** An address in 198.18.0.0/15 (set aside for benchmarks: it is only ever a header here). */
function clientAddressOf(testId: string): string {
  const [a = 0, b = 0] = createHash("sha256").update(testId).digest();
  return `198.${18 + (a % 2)}.${b}.${1 + (a % 254)}`;
}

export const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures destructure the fixtures they use
  extraHTTPHeaders: async ({}, use, testInfo) => {
    await use({ "X-Forwarded-For": clientAddressOf(testInfo.testId) });
  },
});

export { expect } from "@playwright/test";
