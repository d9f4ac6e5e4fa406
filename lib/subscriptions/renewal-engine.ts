// Runs renewals: repeatedly picks due subscriptions, claims them with a lease (so any number of
// runners, in any number of processes, never work on one subscription at once) and handles the
// claimed ones with a bounded number of LINE Pay calls in flight. Every run is recorded with what it did.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import pLimit, { type LimitFunction } from "p-limit";
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
import type { RefundGateway, RenewalGateway } from "@/lib/payments/payment-gateway";
import { mapPaymentProviders } from "@/lib/payments/payment-providers";
import { checkUpcomingRegKeys } from "./check-upcoming-regkeys";
import { handleDueSubscription } from "./handle-due-subscription";
import type { RenewalDeps, RenewalResult } from "./renewal-types";
import { logger } from "@/lib/logger";
import { recordRenewal, type RenewalOutcome } from "@/lib/observability/metrics";

export interface RenewalRunOptions {
  trigger: string;
  /** Concurrent LINE Pay calls per runner. */
  concurrency?: number;
  /** Renewals under way at once, database work included (default twice `concurrency`). */
  inProgress?: number;
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

// The renewal's outcome as the storefront.renewals counter names it (lib/observability/metrics.ts).
const METRIC_OUTCOME: Record<RenewalResult["decision"], RenewalOutcome> = {
  period_paid: "charged",
  retry_later: "declined",
  give_up: "gave_up",
  needs_rebind: "rebind",
  verify_later: "unknown",
  expired: "expired",
  refunded: "refunded",
  nothing_due: "nothing_due",
};

export async function runRenewals(
  deps: RenewalDeps,
  options: RenewalRunOptions,
): Promise<RenewalRunSummary> {
  const runnerId = options.runnerId ?? createRunnerId();
  const concurrency = options.concurrency ?? 20;
  const batchSize = options.batchSize ?? concurrency * 5;
  const leaseMs = options.leaseMs ?? 5 * 60 * 1000;
  const started = performance.now();
  const run = await startRenewalRun(deps.db, {
    trigger: options.trigger,
    runnerId,
    startedAt: deps.now(),
  });
  const counts: RenewalRunCounts = {
    due: 0,
    charged: 0,
    declined: 0,
    rebind: 0,
    unknown: 0,
    expired: 0,
    errors: 0,
  };
  // `concurrency` bounds the LINE Pay calls in flight, and only those: a renewal's database work
  // (claim, opening the attempt, recording the outcome) happens outside a call slot, so the slots
  // stay busy with calls. Twice as many renewals may be under way, so that while `concurrency`
  // calls wait on LINE Pay the next renewals are prepared and finished ones recorded.
  const callSlots = pLimit(concurrency);
  const workSlots = pLimit(options.inProgress ?? concurrency * 2);
  const runDeps: RenewalDeps = {
    ...deps,
    payments: mapPaymentProviders(deps.payments, (gateway) => boundCalls(gateway, callSlots)),
  };
  // Picked by this run: never picked twice by the same run, even if still due.
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  // One claim statement per `concurrency` subscriptions rather than one each. A chunk is claimed
  // when its first subscription starts, so no claimed subscription waits long for its turn: far
  // inside the lease.
  const chunkSize = Math.min(concurrency, MAX_CLAIM_IDS);
  const handleClaimed = async (subscription: SubscriptionRecord) => {
    counts.due++;
    try {
      const result = await handleDueSubscription(runDeps, subscription, runnerId);
      const counter = COUNTER[result.decision];
      if (counter) counts[counter]++;
      recordRenewal(METRIC_OUTCOME[result.decision], subscription.provider);
    } catch (error) {
      counts.errors++;
      recordRenewal("error", subscription.provider);
      logger.error(
        { subscriptionId: subscription.id, runnerId, reason: describeError(error) },
        "renewal of a subscription failed",
      );
      await releaseSubscription(deps.db, subscription.id, runnerId).catch(() => {});
    }
  };
  const schedule = (work: () => Promise<void>) => {
    const task: Promise<void> = workSlots(work)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  // The next batch is read while the current one still runs (once fewer than a chunk of it wait
  // for a slot), so the slots never drain between batches.
  let picked = 0;
  while (failure === undefined && (options.limit === undefined || picked < options.limit)) {
    const now = deps.now();
    // Never more than the limit still allows: everything picked is claimed, and handled once claimed.
    const wanted =
      options.limit === undefined ? batchSize : Math.min(batchSize, options.limit - picked);
    const ids = await retryTransient(() => findDueSubscriptionIds(deps.db, now, wanted, seen));
    if (ids.length === 0) {
      // Nothing more for now: finish what is under way, then look once more (a renewal that ended
      // a subscription leaves it due at once, to release its regKey).
      if (inFlight.size === 0) break;
      await Promise.all(inFlight);
      continue;
    }
    picked += ids.length;
    for (const id of ids) seen.add(id);
    for (let i = 0; i < ids.length; i += chunkSize) {
      const chunk = ids.slice(i, i + chunkSize);
      let claimed: Promise<Map<string, SubscriptionRecord>> | undefined;
      // Lease and read in one statement; missing from the map: no longer due, or another runner has it.
      const claimChunk = () =>
        (claimed ??= retryTransient(() =>
          claimSubscriptions(deps.db, chunk, runnerId, deps.now(), leaseMs),
        ).then((rows) => new Map(rows.map((row) => [row.id, row]))));
      for (const id of chunk) {
        schedule(async () => {
          const subscription = (await claimChunk()).get(id);
          if (subscription) await handleClaimed(subscription);
        });
      }
    }
    while (workSlots.pendingCount >= chunkSize && failure === undefined)
      await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- re-throws a worker's failure as caught
  if (failure !== undefined) throw failure;
  // Renewals due a few days from now: a dead regKey is found while the period is still paid.
  try {
    counts.rebind += (await checkUpcomingRegKeys(runDeps, runnerId)).dead;
  } catch (error) {
    counts.errors++;
    logger.error({ runnerId, reason: describeError(error) }, "checking upcoming regKeys failed");
  }
  const durationMs = performance.now() - started;
  await finishRenewalRun(deps.db, run.id, counts, deps.now(), durationMs);
  return { ...counts, runId: run.id, runnerId, durationMs };
}

/** The same gateway with every LINE Pay call waiting for one of `slots`. */
function boundCalls(
  gateway: RenewalGateway & RefundGateway,
  slots: LimitFunction,
): RenewalGateway & RefundGateway {
  return {
    refundPayment: (transactionId, amount, ctx) =>
      slots(() => gateway.refundPayment(transactionId, amount, ctx)),
    getPaymentRecord: (transactionId, ctx) =>
      slots(() => gateway.getPaymentRecord(transactionId, ctx)),
    checkRegKey: (regKey, ctx) => slots(() => gateway.checkRegKey(regKey, ctx)),
    payPreapproved: (regKey, input, ctx) => slots(() => gateway.payPreapproved(regKey, input, ctx)),
    findChargeByOrderId: (orderId, ctx) => slots(() => gateway.findChargeByOrderId(orderId, ctx)),
    expireRegKey: (regKey, ctx) => slots(() => gateway.expireRegKey(regKey, ctx)),
  };
}

/** One line per failure: Prisma's own messages carry a multi-kilobyte code frame. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, meta } = error as { code?: string; meta?: unknown };
  const message =
    error.message
      .split("\n")
      .filter((line) => line.trim() !== "")
      .at(-1) ?? error.name;
  const where = error.stack
    ?.split("\n")
    .find((line) => line.includes("lib/subscriptions/") || line.includes("lib/db/"))
    ?.trim();
  return [code, message, meta ? JSON.stringify(meta) : null, where].filter(Boolean).join(" | ");
}
