// Seam for scripted outcomes (fault injection). The API dispatcher asks the registry before running
// an endpoint; a matching rule replaces the real result. No control endpoint exposes this yet: a
// later task adds one on top of add()/clear(), without touching the endpoint handlers.

export type EndpointName =
  | "request"
  | "checkPaymentStatus"
  | "confirm"
  | "capture"
  | "void"
  | "refund"
  | "paymentDetails"
  | "checkRegKey"
  | "payPreapproved"
  | "expireRegKey";

/** What is known about a call when the registry is consulted (after auth and JSON parsing). */
export interface OutcomeQuery {
  endpoint: EndpointName;
  channelId: string;
  transactionId?: string;
  orderId?: string;
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
  match: Partial<Omit<OutcomeQuery, "channelId">>;
  outcome: ScriptedOutcome;
  /** How many calls the rule answers before it is dropped; undefined = until cleared. */
  times?: number;
}

export class OutcomeRegistry {
  private rules: OutcomeRule[] = [];

  add(rule: OutcomeRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** First matching rule wins; a rule with a counter is consumed. */
  take(query: OutcomeQuery): ScriptedOutcome | undefined {
    const index = this.rules.findIndex((rule) =>
      Object.entries(rule.match).every(([key, value]) => query[key as keyof OutcomeQuery] === value),
    );
    const rule = this.rules[index];
    if (!rule) return undefined;
    if (rule.times !== undefined && --rule.times <= 0) this.rules.splice(index, 1);
    return rule.outcome;
  }
}
