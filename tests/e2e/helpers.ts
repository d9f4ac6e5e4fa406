// Shared steps for the browser journeys, plus read-only access to the e2e database and the
// sandbox ledger so tests can check what really happened to the money.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { expect, type APIResponse, type BrowserContext, type Page } from "@playwright/test";
import {
  E2E_APP_URL,
  E2E_DATABASE_FILE,
  E2E_DATABASE_URL,
  E2E_SANDBOX_URL,
  isE2ePostgres,
} from "./stack-config";

export function uniqueEmail(prefix = "shopper"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.com`;
}

export const TEST_PASSWORD = "correct horse battery";

export async function signUp(page: Page, email = uniqueEmail()): Promise<string> {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password (8 to 72 characters)").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  return email;
}

/** From the plans page to the sandbox's LINE Pay payment page. */
export async function startPurchase(page: Page, planName = "VIP 30 days"): Promise<void> {
  await page.goto("/");
  await page
    .getByRole("article")
    .filter({ hasText: planName })
    .getByRole("button", { name: "Buy with LINE Pay" })
    .click();
  await expect(page).toHaveURL(/\/web\/payment\/wait\?transactionReserveId=/);
}

/**
 * Reads the e2e database, SQLite or PostgreSQL (E2E_DATABASE_URL). Write the SQL so both accept it:
 * `?` placeholders, and table and camelCase column names in double quotes (`"Order"."userId"`).
 */
export function queryDb<T>(sql: string, ...params: unknown[]): T[] {
  if (isE2ePostgres) return queryPostgres<T>(sql, params);
  const db = new Database(E2E_DATABASE_FILE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

// Synchronous like better-sqlite3, so the specs read both databases the same way: the query runs
// in a short child process (pg has no synchronous client).
function queryPostgres<T>(sql: string, params: unknown[]): T[] {
  let index = 0;
  const numbered = sql.replace(/\?/g, () => `$${++index}`);
  const result = spawnSync(process.execPath, ["tests/e2e/postgres-query.mjs"], {
    input: JSON.stringify({ url: E2E_DATABASE_URL, sql: numbered, params }),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`queryDb on PostgreSQL failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T[];
}

export interface LedgerTransaction {
  transactionId: string;
  orderId: string;
  state: string;
  amount: number;
  currency: string;
}

export async function sandboxLedger(): Promise<LedgerTransaction[]> {
  const response = await fetch(`${E2E_SANDBOX_URL}/__sandbox/ledger`);
  return ((await response.json()) as { transactions: LedgerTransaction[] }).transactions;
}

/** Signs in through the sign-in page, in whatever language it is shown, and waits for the header. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.locator("main input[name=email]").fill(email);
  await page.locator("main input[name=password]").fill(password);
  await page.locator("main form.stack button[type=submit]").click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

/** Chooses the shop's language for a browser context, as the header's language switch does. */
export async function setLocaleCookie(
  context: BrowserContext,
  locale: "en" | "zh-TW",
): Promise<void> {
  await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: E2E_APP_URL }]);
}

/**
 * Runs axe on the page as it is now and fails on any violation with impact "serious" or
 * "critical", listing each rule, why it matters and the offending elements. Use it for any page,
 * shop or admin: `await expectNoSeriousAxeViolations(page)`.
 */
export async function expectNoSeriousAxeViolations(
  page: Page,
  label = new URL(page.url()).pathname,
): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) =>
      [
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map(
          (node) =>
            `    at ${node.target.join(" ")}: ${(node.failureSummary ?? "").replace(/\s+/g, " ")}`,
        ),
      ].join("\n"),
    );
  expect(serious, `serious or critical accessibility violations on ${label}`).toEqual([]);
}

/**
 * A browser route refused or failed: it answers 303 to the problem page for this topic and reason
 * (lib/errors/shopper-problem.ts), which the problem-page spec checks in both languages.
 */
export function expectProblemRedirect(
  response: APIResponse,
  problem: { topic?: string; reason: string; order?: string },
): void {
  expect(response.status()).toBe(303);
  const location = new URL(response.headers().location ?? "", "http://shop.invalid");
  expect(location.pathname).toBe("/problem");
  expect(Object.fromEntries(location.searchParams)).toMatchObject(problem);
}
