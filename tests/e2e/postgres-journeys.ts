// The browser journeys `npm test` runs a second time with the stack on PostgreSQL (E2E_DATABASE_URL):
// the ones that move money or decide who the shopper is. One-time and subscription purchases with
// LINE Pay, a card purchase through SinoPac, sign-up, sign-in and the account page, and the back
// office's refunds. The rest of the suite runs on SQLite only: same code paths above lib/db, and
// lib/db itself runs on both in the integration tests.
import { E2E_APP_PORT } from "./stack-config";

export const POSTGRES_JOURNEYS = [
  "tests/e2e/purchase.spec.ts",
  "tests/e2e/subscription.spec.ts",
  "tests/e2e/auth.spec.ts",
  "tests/e2e/admin.spec.ts",
  "tests/e2e/sinopac-card.spec.ts",
];

/**
 * The e2e database on the server `serverUrl` names, dropped and made again by each run; named after
 * the app's port, which two checkouts running their suites side by side already keep apart.
 */
export function e2ePostgresUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/storefront_e2e_${E2E_APP_PORT}`;
  return url.toString();
}
