// Starts tests/helpers/renewal-runner-process.ts as its own OS process and hands back the child, so
// a test can let it finish or kill it mid-run. `node --import tsx` rather than the tsx CLI: the CLI
// runs the script in a grandchild, which a SIGKILL to the CLI would leave running.
import { spawn, type ChildProcess } from "node:child_process";
import type { RenewalRunSummary } from "@/lib/subscriptions/renewal-engine";
import { TEST_CHANNEL } from "./checkout-harness";

/** What the parent sets for a runner process (read back by renewal-runner-env.ts): the database, the sandbox, the regKey keys and the app clock. */
export function runnerProcessEnv(input: {
  databaseUrl: string;
  sandboxUrl: string;
  keyringSpec: string;
  clockOffsetMs: number;
}): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    LINEPAY_API_BASE_URL: input.sandboxUrl,
    LINEPAY_CHANNEL_ID: TEST_CHANNEL.channelId,
    LINEPAY_CHANNEL_SECRET: TEST_CHANNEL.channelSecret,
    REGKEY_ENCRYPTION_KEYS: input.keyringSpec,
    CLOCK_OFFSET_MS: String(input.clockOffsetMs),
  };
}

export interface RunnerEnv {
  databaseUrl: string;
  sandboxUrl: string;
  keyringSpec: string;
  /** The runner's clock is Date.now() + this. */
  clockOffsetMs: number;
  runnerId: string;
  concurrency?: number;
}

export interface RunnerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The run summary the runner prints when it finishes; null when it did not finish. */
  summary: RenewalRunSummary | null;
  stderr: string;
}

export interface SpawnedRunner {
  child: ChildProcess;
  exited: Promise<RunnerExit>;
}

export function spawnRenewalRunner(env: RunnerEnv): SpawnedRunner {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/helpers/renewal-runner-process.ts"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...runnerProcessEnv(env),
        RUNNER_ID: env.runnerId,
        RUNNER_CONCURRENCY: String(env.concurrency ?? 10),
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<RunnerExit>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const last = stdout.trim().split("\n").at(-1);
      let summary: RenewalRunSummary | null = null;
      try {
        summary = code === 0 && last ? (JSON.parse(last) as RenewalRunSummary) : null;
      } catch {
        summary = null;
      }
      resolve({ code, signal, summary, stderr: stderr.slice(-4000) });
    });
  });
  return { child, exited };
}
