// The app's one logger: JSON lines on stdout (pino), one object per event, with the request id when
// there is one. Known secret-bearing fields are censored by path; callers still log ids and
// messages, never request bodies or headers wholesale.
import pino, { type Logger } from "pino";

/** Field paths that may hold a credential, wherever they appear one or two levels down. */
const SECRET_FIELDS = [
  "regKey",
  "regKeyCiphertext",
  "password",
  "passwordHash",
  "channelSecret",
  "secret",
  "authorization",
  "cookie",
  "CRON_SECRET",
  "NEXTAUTH_SECRET",
  "LINEPAY_CHANNEL_SECRET",
  "REGKEY_ENCRYPTION_KEYS",
];

export const REDACTED_LOG_PATHS = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
  `*.*.${field}`,
]);

/** A logger writing to `destination` (stdout by default); tests pass their own stream. */
export function createLogger(
  destination?: pino.DestinationStream,
  level?: pino.LevelWithSilent,
): Logger {
  const options: pino.LoggerOptions = {
    // Unit and integration runs (vitest sets NODE_ENV=test) stay quiet; `next start` logs.
    level: level ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "storefront" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_LOG_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger: Logger = createLogger();

/** Error fields worth a log line: name and message (stack only for unknown errors, no causes). */
export function describeErrorForLog(error: unknown): {
  name: string;
  message: string;
  stack?: string;
} {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack };
  return { name: typeof error, message: String(error) };
}
