// Where the end-to-end stack listens and keeps its data (ports chosen not to clash with npm run dev;
// E2E_APP_PORT / E2E_SANDBOX_PORT / E2E_SINOPAC_PORT move them when two checkouts run their suites
// side by side).
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 9191);
export const E2E_SINOPAC_PORT = Number(process.env.E2E_SINOPAC_PORT ?? 9192);
export const E2E_SINOPAC_URL = `http://127.0.0.1:${E2E_SINOPAC_PORT}`;
export const E2E_APP_URL = `http://localhost:${E2E_APP_PORT}`;
export const E2E_SANDBOX_URL = `http://127.0.0.1:${E2E_SANDBOX_PORT}`;
// The local mail catcher the stack mails notices to (E2E_MAIL_SMTP_PORT / E2E_MAIL_WEB_PORT move it).
export const E2E_MAIL_SMTP_PORT = Number(process.env.E2E_MAIL_SMTP_PORT ?? 2626);
export const E2E_MAIL_WEB_PORT = Number(process.env.E2E_MAIL_WEB_PORT ?? 9193);
export const E2E_MAIL_URL = `http://127.0.0.1:${E2E_MAIL_WEB_PORT}`;
// The local LINE sandbox (LINE Login + Messaging API) the stack signs in and pushes through
// (E2E_LINE_PORT moves it).
export const E2E_LINE_PORT = Number(process.env.E2E_LINE_PORT ?? 9194);
export const E2E_LINE_URL = `http://localhost:${E2E_LINE_PORT}`;
export const E2E_LINE_LOG = "tests/.tmp/e2e-line.log";
export const E2E_DATABASE_FILE = "tests/.tmp/e2e.db";
// E2E_DATABASE_URL=postgresql://…/<name> runs the stack on PostgreSQL instead: that database is
// dropped and made again from the migrations at every start (its server must let the user create
// databases). Unset: the SQLite file above.
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || `file:./${E2E_DATABASE_FILE}`;
export const isE2ePostgres = /^postgres(ql)?:\/\//.test(E2E_DATABASE_URL);
// Test-only bearer token for the renewal and test-clock endpoints of the e2e stack.
export const E2E_CRON_SECRET = "e2e-cron-secret-for-tests-only-0123456789";
// The stack's own output (scanned for secrets by security-pages.spec.ts) and its generated secrets.
export const E2E_APP_LOG = "tests/.tmp/e2e-app.log";
export const E2E_SANDBOX_LOG = "tests/.tmp/e2e-sandbox.log";
export const E2E_MAIL_LOG = "tests/.tmp/e2e-mail.log";
export const E2E_SINOPAC_LOG = "tests/.tmp/e2e-sinopac.log";
export const E2E_SECRETS_FILE = "tests/.tmp/e2e-secrets.json";
