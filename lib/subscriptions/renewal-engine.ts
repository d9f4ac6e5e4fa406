// Runs renewals: repeatedly picks due subscriptions, claims them with a lease (so any number of
// runners, in any number of processes, never work on one subscription at once) and handles the
// claimed ones with bounded concurrency. Every run is recorded with what it did.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import pLimit from "p-limit";
import { claimSubscriptions, MAX_CLAIM_IDS } from "@/lib/db/renewal-charge-repository";
import type { SubscriptionRecord } from "@/lib/db/subscription-repository";
import {
  findDueSubscriptionIds,
  finishRenewalRun,
  releaseSubscription,
  startRenewalRun,
  type RenewalRunCounts,
} from "@/lib/db/renewal-repository";
import { retryTransient } from "@/lib/db/retry-transient";
import { handleDueSubscription } from "./handle-due-subscription";
import type { RenewalDeps } from "./renewal-types";

export interface RenewalRunOptions {
  trigger: string;
  /** Concurrent LINE Pay calls per runner. */
  concurrency?: number;
  /** How many due subscriptions one query picks. */
  batchSize?: number;
  /** How long a claim holds; longer than the slowest LINE Pay call (40 s) with room to spare. */
  leaseMs?: number;
  runnerId?: string;
  /** Stop picking new work after this many subscriptions (tests, benchmarks). */
  limit?: number;
}

export interface RenewalRunSummary extends RenewalRunCounts {
  runId: string;
  runnerId: string;
  durationMs: number;
}

export function createRunnerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

const COUNTER: Record<string, keyof RenewalRunCounts> = {
  period_paid: "charged",
  retry_later: "declined",
  give_up: "declined",
  needs_rebind: "rebind",
  verify_later: "unknown",
  expired: "expired",
};

export async function runRenewals(deps: RenewalDeps, options: RenewalRunOptions): Promise<RenewalRunSummary> {
  const runnerId = options.runnerId ?? createRunnerId();
  const concurrency = options.concurrency ?? 20;
  const batchSize = options.batchSize ?? concurrency * 5;
  const leaseMs = options.leaseMs ?? 5 * 60 * 1000;
  const started = performance.now();
  const run = await startRenewalRun(deps.db, { trigger: options.trigger, runnerId, startedAt: deps.now() });
  const counts: RenewalRunCounts = { due: 0, charged: 0, declined: 0, rebind: 0, unknown: 0, expired: 0, errors: 0 };
  const limit = pLimit(concurrency);
  // Handled (or failed) in this run: never picked twice by the same run, even if still due.
  const seen = new Set<string>();

  // One claim statement per `concurrency` subscriptions rather than one each. A chunk is claimed
  // when its first subscription gets a slot, so no claimed subscription waits for a slot longer
  // than about one LINE Pay call: far inside the lease.
  const chunkSize = Math.min(concurrency, MAX_CLAIM_IDS);
  const handleClaimed = async (subscription: SubscriptionRecord) => {
    counts.due++;
    try {
      const result = await handleDueSubscription(deps, subscription, runnerId);
      const counter = COUNTER[result.decision];
      if (counter) counts[counter]++;
    } catch (error) {
      counts.errors++;
      console.error(`renewal of subscription ${subscription.id} failed: ${describeError(error)}`);
      await releaseSubscription(deps.db, subscription.id, runnerId).catch(() => {});
    }
  };

  while (options.limit === undefined || counts.due < options.limit) {
    const now = deps.now();
    // Never more than the limit still allows: everything picked is claimed, and handled once claimed.
    const wanted = options.limit === undefined ? batchSize : Math.min(batchSize, options.limit - counts.due);
    const ids = await retryTransient(() => findDueSubscriptionIds(deps.db, now, wanted, seen));
    if (ids.length === 0) break;
    for (const id of ids) seen.add(id);
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < ids.length; i += chunkSize) {
      const chunk = ids.slice(i, i + chunkSize);
      let claimed: Promise<Map<string, SubscriptionRecord>> | undefined;
      // Lease and read in one statement; missing from the map: no longer due, or another runner has it.
      const claimChunk = () =>
        (claimed ??= retryTransient(() => claimSubscriptions(deps.db, chunk, runnerId, deps.now(), leaseMs)).then((rows) => new Map(rows.map((row) => [row.id, row]))));
      for (const id of chunk) {
        tasks.push(
          limit(async () => {
            const subscription = (await claimChunk()).get(id);
            if (subscription) await handleClaimed(subscription);
          }),
        );
      }
    }
    await Promise.all(tasks);
  }
  const durationMs = performance.now() - started;
  await finishRenewalRun(deps.db, run.id, counts, deps.now(), durationMs);
  return { ...counts, runId: run.id, runnerId, durationMs };
}

/** One line per failure: Prisma's own messages carry a multi-kilobyte code frame. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, meta } = error as { code?: string; meta?: unknown };
  const message = error.message.split("\n").filter((line) => line.trim() !== "").at(-1) ?? error.name;
  const where = error.stack?.split("\n").find((line) => line.includes("lib/subscriptions/") || line.includes("lib/db/"))?.trim();
  return [code, message, meta ? JSON.stringify(meta) : null, where].filter(Boolean).join(" | ");
}
