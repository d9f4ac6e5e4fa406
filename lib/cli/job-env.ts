// How the job CLIs (renewals, reconcile, migrate, seed) get their environment. Locally they use the
// same defaults as `npm run dev` (the sandbox, a SQLite file); in production only the real
// environment, and a missing DATABASE_URL stops them: falling back to a local SQLite file there
// would run the job against an empty database that nothing else reads.
import { EnvError, isProductionEnv, parseDatabaseEnv, parseEnv, type Env } from "../env";
import { applyDevEnv, loadEnvFiles, loadLocalEnv } from "./dev-env";

export type JobStart =
  | { kind: "local" } // the `npm run dev` defaults fill what is missing
  | { kind: "deployed" } // only the real environment (a missing DATABASE_URL still means SQLite)
  | { kind: "refused"; message: string };

/** How a job CLI may start with this environment (after .env.local and .env are loaded). */
export function decideJobStart(raw: Record<string, string | undefined>): JobStart {
  if (isProductionEnv(raw) && !raw.DATABASE_URL?.trim()) {
    return {
      kind: "refused",
      message:
        "DATABASE_URL is not set. In production (APP_ENV=production, or NODE_ENV=production without " +
        "APP_ENV) the job CLIs do not fall back to a local SQLite file: set DATABASE_URL to the " +
        "production database.",
    };
  }
  // `next start` always sets NODE_ENV=production, even for a test deployment (APP_ENV=test).
  return raw.NODE_ENV === "production" || isProductionEnv(raw)
    ? { kind: "deployed" }
    : { kind: "local" };
}

/** Loads .env.local and .env, then decides; exits with the message when the job must not start. */
function startJob(job: string): JobStart {
  loadEnvFiles();
  const start = decideJobStart(process.env);
  if (start.kind === "refused") {
    console.error(`${job}: refusing to start. ${start.message}`);
    process.exit(1);
  }
  return start;
}

/** The validated app environment for a job that talks to LINE Pay (renewals, reconcile). */
export function loadJobEnv(job: string): Env {
  return exitOnEnvError(job, () => {
    if (startJob(job).kind === "local") return applyDevEnv().env;
    loadLocalEnv();
    return parseEnv(process.env);
  });
}

/** The database a database-only job (migrate, seed) works on, and whether this is production. */
export function loadJobDatabaseEnv(job: string): { DATABASE_URL: string; isProduction: boolean } {
  return exitOnEnvError(job, () => {
    startJob(job);
    loadLocalEnv();
    return parseDatabaseEnv(process.env);
  });
}

/** A bad variable ends the job with lib/env.ts's message (it names the variables, never values). */
function exitOnEnvError<T>(job: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`${job}: ${error.message}`);
    process.exit(1);
  }
}
