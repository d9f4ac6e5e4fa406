// Starts tests/helpers/renewal-runner-process.ts as its own OS process and hands back the child, so
// a test can let it finish or kill it mid-run. `node --import tsx` rather than the tsx CLI: the CLI
// runs the script in a grandchild, which a SIGKILL to the CLI would leave running.
import { spawn, type ChildProcess } from "node:child_process";
import type { RenewalRunSummary } from "@/lib/subscriptions/renewal-engine";
import { TEST_CHANNEL } from "./checkout-harness";

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
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/renewal-runner-process.ts"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      LINEPAY_API_BASE_URL: env.sandboxUrl,
      LINEPAY_CHANNEL_ID: TEST_CHANNEL.channelId,
      LINEPAY_CHANNEL_SECRET: TEST_CHANNEL.channelSecret,
      REGKEY_ENCRYPTION_KEYS: env.keyringSpec,
      CLOCK_OFFSET_MS: String(env.clockOffsetMs),
      RUNNER_ID: env.runnerId,
      RUNNER_CONCURRENCY: String(env.concurrency ?? 10),
    },
  });
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
