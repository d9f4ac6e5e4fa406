// Endpoint names the fault registry matches on, and the original "scripted outcome" API kept as a
// thin adapter over the fault registry so in-process tests written against it keep working.
import type { FaultRegistry } from "./fault-registry";

export const ENDPOINT_NAMES = [
  "request",
  "checkPaymentStatus",
  "confirm",
  "capture",
  "void",
  "refund",
  "paymentDetails",
  "checkRegKey",
  "payPreapproved",
  "expireRegKey",
] as const;

export type EndpointName = (typeof ENDPOINT_NAMES)[number];

/**
 * What is known about a call when the registry is consulted (after auth and JSON parsing).
 * Payment Details can name several ids, so orderId and transactionId may be lists.
 */
export interface OutcomeQuery {
  endpoint: EndpointName;
  channelId: string;
  transactionId?: string | string[];
  orderId?: string | string[];
  regKey?: string;
}

export interface ScriptedOutcome {
  returnCode: string;
  returnMessage: string;
  info?: unknown;
  /** Extra delay on top of the global latency, e.g. to exceed a client's read timeout. */
  delayMs?: number;
}

export interface OutcomeRule {
  match: { endpoint?: EndpointName; transactionId?: string; orderId?: string; regKey?: string };
  outcome: ScriptedOutcome;
  /** How many calls the rule answers before it is dropped; undefined = until cleared. */
  times?: number;
}

/** `store.outcomes`: each rule becomes a `returnCode` fault (no handler run, no state change). */
export class OutcomeRegistry {
  private ids = new Set<string>();

  constructor(private readonly faults: FaultRegistry) {}

  add(rule: OutcomeRule): string {
    const id = this.faults.add({
      match: rule.match,
      action: { type: "returnCode", ...rule.outcome },
      ...(rule.times === undefined ? {} : { times: rule.times }),
    });
    this.ids.add(id);
    return id;
  }

  /** Removes the rules added through this adapter (faults added otherwise stay). */
  clear(): void {
    for (const id of this.ids) this.faults.remove(id);
    this.ids.clear();
  }
}
