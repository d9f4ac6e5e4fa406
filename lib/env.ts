// Every environment variable the app reads, validated once. A missing or malformed value fails at
// start-up with one readable message instead of surfacing later as a 500 in the middle of a payment.
import { z } from "zod";
import { parseKeyring } from "@/lib/security/secret-box";
import { AppError } from "@/lib/errors/app-error";
import { checkSinoPacEnv, sinoPacEnvShape } from "@/lib/env-sinopac";
import { lineEnvShape } from "@/lib/env-line";

// Empty strings count as missing (a blank line in .env must not pass as a value).
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const requiredString = z.preprocess((v) => (v === "" ? undefined : v), z.string());
const emptyAsMissing = (v: unknown) => (v === "" ? undefined : v);
// A whole number read from text; unset or empty means the fallback.
function wholeNumber({
  min,
  max,
  fallback,
  message = `must be a whole number of at least ${min}`,
}: {
  min: number;
  max: number;
  fallback: number;
  message?: string;
}) {
  const number = z.coerce
    .number({ error: message })
    .int(message)
    .min(min, message)
    .max(max, message);
  return z.preprocess(emptyAsMissing, number.default(fallback));
}
const port = (fallback: number) =>
  wholeNumber({ min: 0, max: 65_535, fallback, message: "must be a port number (0-65535)" });

const appEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // Where this deployment runs. `next start` always sets NODE_ENV=production, so the end-to-end
  // stack says APP_ENV=test; when unset it follows NODE_ENV, so a production build is production.
  APP_ENV: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.enum(["development", "test", "production"]).optional(),
  ),
  // The APP_ENV a production build was made for, fixed into the build by next.config.ts.
  APP_BUILD_ENV: optionalString,
  DATABASE_URL: requiredString.refine(
    (v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v),
    "must be a SQLite file: URL or a postgres:// URL",
  ),
  APP_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url()),
  NEXTAUTH_SECRET: requiredString.refine((v) => v.length >= 32, "must be at least 32 characters"),
  LINEPAY_API_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url()),
  LINEPAY_CHANNEL_ID: requiredString.refine(
    (v) => /^\d{1,20}$/.test(v),
    "must be the numeric channel id",
  ),
  LINEPAY_CHANNEL_SECRET: requiredString.refine(
    (v) => v.length >= 8,
    "is too short to be a channel secret",
  ),
  // The local sandbox's address as browsers see it; its payment page must be allowed as a form target.
  LINEPAY_SANDBOX_PUBLIC_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  LINE_LOGIN_CHANNEL_ID: optionalString,
  LINE_LOGIN_CHANNEL_SECRET: optionalString,
  // `<id>:<base64 32-byte key>[,<id>:<key>…]`: seals LINE Pay regKeys at rest (lib/security/secret-box.ts).
  REGKEY_ENCRYPTION_KEYS: requiredString.refine(
    isKeyringSpec,
    "must be <id>:<base64 of 32 bytes>[,…]",
  ),
  REGKEY_ENCRYPTION_KEY_ID: optionalString,
  // Bearer token schedulers send to the renewal endpoint. Without it the endpoint refuses every call.
  CRON_SECRET: optionalString.refine(
    (v) => v === undefined || v.length >= 32,
    "must be at least 32 characters",
  ),
  // Where notices are mailed (smtp:// or smtps://, credentials in the URL). Unset outside
  // production: the local mail catcher (`npm run mail`, started by `npm run dev`) on SMTP_PORT.
  SMTP_URL: optionalString.refine(
    (v) => v === undefined || /^smtps?:\/\/[^\s]+$/.test(v),
    "must be an smtp:// or smtps:// URL",
  ),
  // The local mail catcher's SMTP port (lib/mail-emulator), used when SMTP_URL is unset.
  MAIL_CATCHER_SMTP_PORT: port(2525),
  // Its web page and JSON API (`npm run mail`, started by `npm run dev`).
  MAIL_CATCHER_WEB_PORT: port(1080),
  // The From of every notice, e.g. `VIP Shop <no-reply@example.com>`.
  MAIL_FROM: optionalString,
  // Seconds a notice sender owns the notices it claimed; another sender may take them after that.
  NOTICE_LEASE_SECONDS: wholeNumber({ min: 1, max: 3600, fallback: 120 }),
  // Lets tests and local demos move the app's clock (and the local sandbox's). Never in production.
  TEST_CLOCK_ENABLED: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.enum(["0", "1"]).default("0"),
  ),
  // LINE Pay calls in flight per `npm run renewals` runner (lib/subscriptions/renewal-engine.ts).
  RENEWAL_CONCURRENCY: wholeNumber({ min: 1, max: Number.MAX_SAFE_INTEGER, fallback: 20 }),
  // Proxies in front of the app that append to X-Forwarded-For (lib/server/client-ip.ts). 0 ignores
  // the header: a client talking to `next start` directly could write any address into it.
  TRUSTED_PROXY_HOPS: wholeNumber({
    min: 0,
    max: 10,
    fallback: 0,
    message: "must be a whole number from 0 to 10 (the proxies in front of the app)",
  }),
  // Readiness (/api/health/ready): minutes after the last completed run before the job counts as
  // stopped. The defaults suit vercel.json's schedules (renewals hourly, reconciliation every 5 min).
  RENEWALS_STALE_AFTER_MINUTES: wholeNumber({ min: 1, max: 10_080, fallback: 180 }),
  RECONCILE_STALE_AFTER_MINUTES: wholeNumber({ min: 1, max: 10_080, fallback: 30 }),
  // `npm run dev` only: seconds between its renewal + reconciliation runs; 0 turns them off. Unset:
  // 30 s in development, off in test and production (lib/cli/dev-jobs.ts).
  DEV_JOBS_INTERVAL_SECONDS: z.preprocess(
    emptyAsMissing,
    z.coerce
      .number({ error: "must be a whole number of seconds (0 turns the jobs off)" })
      .int("must be a whole number of seconds (0 turns the jobs off)")
      .min(0, "must be a whole number of seconds (0 turns the jobs off)")
      .max(86_400, "must be at most 86400 seconds")
      .optional(),
  ),
  ...sinoPacEnvShape,
  ...lineEnvShape,
});

/** Production as this module defines it: APP_ENV=production, or no APP_ENV and NODE_ENV=production. */
export function isProductionEnv(raw: { APP_ENV?: string; NODE_ENV?: string }): boolean {
  const appEnv = raw.APP_ENV || (raw.NODE_ENV === "production" ? "production" : "development");
  return appEnv === "production";
}

export const envSchema = appEnvSchema
  .transform((env) => ({
    ...env,
    APP_ENV: isProductionEnv(env) ? ("production" as const) : (env.APP_ENV ?? "development"),
  }))
  .refine((env) => !(env.APP_ENV === "production" && env.TEST_CLOCK_ENABLED === "1"), {
    path: ["TEST_CLOCK_ENABLED"],
    message: "the test clock cannot be enabled in production",
  })
  // APP_ENV=test turns the test clock back on, so a production build accepts it only when it was
  // built for it (`APP_ENV=test next build`, as the end-to-end stack does).
  .refine(
    (env) =>
      !(env.NODE_ENV === "production" && env.APP_ENV === "test" && env.APP_BUILD_ENV !== "test"),
    {
      path: ["APP_ENV"],
      message:
        "APP_ENV=test is refused by a production build (it would allow the test clock); only a " +
        "build made with APP_ENV=test may run as test. Unset APP_ENV, or set it to production",
    },
  )
  .superRefine(checkSinoPacEnv);

function isKeyringSpec(spec: string): boolean {
  try {
    parseKeyring(spec);
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof envSchema>;
type RawEnv = Record<string, string | undefined>;

export class EnvError extends AppError {
  override name = "EnvError";
  constructor(message: string) {
    super(message, { status: 500, errorCode: "invalid_environment" });
  }
}

/** Validates a raw environment; throws EnvError naming every bad variable (never its value). */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  return parseWith(envSchema, raw);
}

/** What the database CLIs (migrate, seed) need: the database, and whether this is production. */
export function parseDatabaseEnv(raw: RawEnv): { DATABASE_URL: string; isProduction: boolean } {
  const env = parseWith(
    appEnvSchema.pick({ NODE_ENV: true, APP_ENV: true, DATABASE_URL: true }),
    raw,
  );
  return { DATABASE_URL: env.DATABASE_URL, isProduction: isProductionEnv(env) };
}

// `npm run dev` only: the ports of the app and of the local LINE Pay sandbox it starts.
const devPortsSchema = z.object({ PORT: port(3000), LINEPAY_SANDBOX_PORT: port(9090) });

/** The ports `npm run dev` uses (PORT for the app, LINEPAY_SANDBOX_PORT for the local sandbox). */
export function parseDevPorts(raw: RawEnv): { appPort: number; sandboxPort: number } {
  const ports = parseWith(devPortsSchema, raw);
  return { appPort: ports.PORT, sandboxPort: ports.LINEPAY_SANDBOX_PORT };
}

/** The port `npm run dev` gives the local SinoPac emulator (SINOPAC_SANDBOX_PORT, default 9091). */
export function parseSinoPacSandboxPort(raw: RawEnv): number {
  return parseWith(z.object({ SINOPAC_SANDBOX_PORT: port(9091) }), raw).SINOPAC_SANDBOX_PORT;
}

/** The port `npm run dev` gives the local LINE sandbox (LINE_SANDBOX_PORT, default 9093). */
export function parseLineSandboxPort(raw: RawEnv): number {
  return parseWith(z.object({ LINE_SANDBOX_PORT: port(9093) }), raw).LINE_SANDBOX_PORT;
}

function parseWith<T>(schema: z.ZodType<T>, raw: RawEnv): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new EnvError(
      `Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`,
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated process environment, read once per process. */
export function getEnv(): Env {
  // Written out so next.config.ts's `env` puts the build's own value here, whatever runs it later.
  cached ??= parseEnv({ ...process.env, APP_BUILD_ENV: process.env.APP_BUILD_ENV });
  return cached;
}
