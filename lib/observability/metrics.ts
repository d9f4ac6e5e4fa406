// Counters and gauges for what a merchant watches in production: renewals by outcome, declines,
// outcomes only LINE Pay can settle later (unknown), the reconciliation backlog and the orders
// flagged for a human. Through @opentelemetry/api only: without a registered meter provider (no
// OTLP settings, most tests) every call is a no-op. Attributes are outcomes and providers, never
// ids, amounts or secrets, so their number stays small.
import { metrics, type Counter, type Gauge } from "@opentelemetry/api";

interface Instruments {
  renewals: Counter;
  declines: Counter;
  unknownOutcomes: Counter;
  reconciliationBacklog: Gauge;
  needsAttention: Gauge;
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
    reconciliationBacklog: meter.createGauge("storefront.reconciliation.backlog", {
      description: "Orders whose money state is still open and not flagged for a human",
    }),
    needsAttention: meter.createGauge("storefront.orders.needs_attention", {
      description: "Orders flagged for a human whose money state is still open",
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

/** What the reconciliation job (or readiness) last saw of the open orders. */
export function recordOpenOrders(counts: { backlog: number; needsAttention: number }): void {
  const { reconciliationBacklog, needsAttention } = instruments();
  reconciliationBacklog.record(counts.backlog);
  needsAttention.record(counts.needsAttention);
}
