// Starts WORKERS renewal runner processes (renewal-bench-worker.ts) over the benchmark's database
// and sandbox, splitting the concurrency between them (the total stays CONCURRENCY), waits until
// each is connected, and runs them together on `run()`.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import type { RenewalRunSummary } from "@/lib/subscriptions/renewal-engine";

export interface WorkerResult {
  summary: RenewalRunSummary;
  cpuMs: number;
  eventLoopUtilization: number;
  peakRssMb: number;
}

export interface RenewalWorkers {
  concurrencies: number[];
  /** Lets every worker start at once; resolves with each one's result and the summed summary. */
  run(): Promise<{ results: WorkerResult[]; summary: RenewalRunSummary }>;
  stop(): void;
}

export async function startRenewalWorkers(input: {
  workers: number;
  concurrency: number;
  batchSize?: number;
  env: Record<string, string>;
}): Promise<RenewalWorkers> {
  const concurrencies = Array.from(
    { length: input.workers },
    (_, i) =>
      Math.floor(input.concurrency / input.workers) +
      (i < input.concurrency % input.workers ? 1 : 0),
  );
  if (concurrencies.some((c) => c < 1))
    throw new Error(
      `CONCURRENCY ${input.concurrency} cannot be split over ${input.workers} workers`,
    );
  const children: ChildProcessWithoutNullStreams[] = [];
  const lines: Array<AsyncIterator<string>> = [];
  for (const [i, concurrency] of concurrencies.entries()) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/bench/renewal-bench-worker.ts"],
      {
        env: {
          ...process.env,
          ...input.env,
          RUNNER_ID: `bench-worker-${i}`,
          RUNNER_CONCURRENCY: String(concurrency),
          ...(input.batchSize ? { BATCH_SIZE: String(input.batchSize) } : {}),
        },
      },
    );
    child.stderr.pipe(process.stderr);
    children.push(child);
    lines.push(createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  }
  const nextLine = async (i: number): Promise<string> => {
    const { value, done } = await (lines[i] as AsyncIterator<string>).next();
    if (done)
      throw new Error(`renewal worker ${i} exited (${children[i]?.exitCode}) without answering`);
    return value;
  };
  await Promise.all(
    children.map(async (_, i) => {
      const line = await nextLine(i);
      if (line !== "ready") throw new Error(`renewal worker ${i} said ${line}`);
    }),
  );
  return {
    concurrencies,
    async run() {
      for (const child of children) child.stdin.write("go\n");
      const results = await Promise.all(
        children.map(async (_, i) => JSON.parse(await nextLine(i)) as WorkerResult),
      );
      const sum = (key: keyof RenewalRunSummary) =>
        results.reduce((total, r) => total + Number(r.summary[key]), 0);
      const summary: RenewalRunSummary = {
        runId: results.map((r) => r.summary.runId).join(","),
        runnerId: results.map((r) => r.summary.runnerId).join(","),
        durationMs: Math.max(...results.map((r) => r.summary.durationMs)),
        due: sum("due"),
        charged: sum("charged"),
        declined: sum("declined"),
        rebind: sum("rebind"),
        unknown: sum("unknown"),
        expired: sum("expired"),
        errors: sum("errors"),
      };
      return { results, summary };
    },
    stop() {
      for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
