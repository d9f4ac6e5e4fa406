// Counters and gauges for what a merchant watches in production: renewals by outcome, declines,
// outcomes only LINE Pay can settle later (unknown), the reconciliation backlog and the orders
// flagged for a human. Through @opentelemetry/api only: without a registered meter provider (no
// OTLP settings, most tests) every call is a no-op. Attributes are outcomes and providers, never
// ids, amounts or secrets, so their number stays small.
import { metrics, type Counter } from "@opentelemetry/api";

interface Instruments {
  renewals: Counter;
  declines: Counter;
  unknownOutcomes: Counter;
}

// The API hands out no-op instruments until a provider is registered; instruments made before
// that stay no-ops, so they are made again when the global provider changes (tests, start-up).
let cached: { provider: unknown; instruments: Instruments } | undefined;

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider === provider) return cached.instruments;
  const meter = provider.getMeter("storefront");
  const made: Instruments = {
    renewals: meter.createCounter("storefront.renewals", {
      description: "Renewal attempts handled by the renewal job, by outcome",
    }),
    declines: meter.createCounter("storefront.payment.declines", {
      description: "Charges the payment provider definitively declined",
    }),
    unknownOutcomes: meter.createCounter("storefront.payment.unknown_outcomes", {
      description: "Payment calls whose outcome is unknown (money may have moved); checked later",
    }),
  };
  cached = { provider, instruments: made };
  return made;
}

export type RenewalOutcome =
  | "charged"
  | "declined"
  | "gave_up"
  | "rebind"
  | "unknown"
  | "expired"
  | "refunded"
  | "nothing_due"
  | "error";

/** One renewal handled by the renewal job; declines and unknown outcomes are counted with it. */
export function recordRenewal(outcome: RenewalOutcome, provider?: string): void {
  instruments().renewals.add(1, provider ? { outcome, provider } : { outcome });
  if (outcome === "declined" || outcome === "gave_up") recordDecline("renewal", provider);
  if (outcome === "unknown") recordUnknownOutcome("renewal", provider);
}

/** The provider definitively refused a charge or a confirm (nothing moved). */
export function recordDecline(operation: "renewal" | "confirm", provider?: string): void {
  instruments().declines.add(1, provider ? { operation, provider } : { operation });
}

/** A payment call whose outcome is unknown: money may have moved, a later check settles it. */
export function recordUnknownOutcome(operation: "renewal" | "confirm", provider?: string): void {
  instruments().unknownOutcomes.add(1, provider ? { operation, provider } : { operation });
}

export interface OpenOrderCounts {
  /** Open money state, not flagged: what reconciliation still works on. */
  backlog: number;
  /** Open money state, flagged for a human. */
  needsAttention: number;
}

/**
 * The backlog and needs-attention gauges, read by `read` each time the metrics are collected (every
 * export interval, and once more when the process flushes): the value is the database's, whichever
 * process ran the last reconciliation. Call after the meter provider is registered.
 */
export function observeOpenOrders(read: () => Promise<OpenOrderCounts>): void {
  const meter = metrics.getMeterProvider().getMeter("storefront");
  const backlog = meter.createObservableGauge("storefront.reconciliation.backlog", {
    description: "Orders whose money state is still open and not flagged for a human",
  });
  const needsAttention = meter.createObservableGauge("storefront.orders.needs_attention", {
    description: "Orders flagged for a human whose money state is still open",
  });
  meter.addBatchObservableCallback(
    async (result) => {
      const counts = await read();
      result.observe(backlog, counts.backlog);
      result.observe(needsAttention, counts.needsAttention);
    },
    [backlog, needsAttention],
  );
}
