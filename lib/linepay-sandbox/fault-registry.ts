// Fault registry: rules the API dispatcher consults for every authenticated LINE API call before
// the handler runs. First matching rule (insertion order) wins; a rule with `times` is consumed
// by each call it matches and dropped when it reaches 0.
import { describeIssues } from "./schemas";
import {
  faultRuleSchema,
  type FaultAction,
  type FaultMatch,
  type FaultRuleInput,
} from "./fault-schema";
import type { OutcomeQuery } from "./outcomes";

export type FaultQuery = OutcomeQuery;

export interface FaultRuleView {
  id: string;
  match: FaultMatch;
  action: FaultAction;
  /** As added; null = until removed. */
  times: number | null;
  /** Calls it still applies to; null = until removed. */
  remaining: number | null;
  /** Calls it has applied to so far. */
  hits: number;
}

interface StoredRule {
  id: string;
  match: FaultMatch;
  action: FaultAction;
  times?: number;
  remaining?: number;
  hits: number;
}

export class FaultRegistry {
  private rules: StoredRule[] = [];
  // Never reset, so an id held by a test cannot name a different rule after clear().
  private seq = 0;

  /** Validates like POST /__sandbox/faults (throws with the reason) and returns the rule id. */
  add(input: FaultRuleInput): string {
    const parsed = faultRuleSchema.safeParse(input);
    if (!parsed.success) throw new Error(`invalid fault rule: ${describeIssues(parsed.error)}`);
    const { match, action, times } = parsed.data;
    const id = `fault-${++this.seq}`;
    this.rules.push({ id, match, action, times, remaining: times, hits: 0 });
    return id;
  }

  list(): FaultRuleView[] {
    return this.rules.map((r) => ({
      id: r.id,
      match: r.match,
      action: r.action,
      times: r.times ?? null,
      remaining: r.remaining ?? null,
      hits: r.hits,
    }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Removes every rule; returns how many there were. */
  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    return count;
  }

  get size(): number {
    return this.rules.length;
  }

  /** The action of the first rule matching the call, consuming one use of it. */
  take(query: FaultQuery): FaultAction | undefined {
    const index = this.rules.findIndex((rule) => matches(rule.match, query));
    const rule = this.rules[index];
    if (!rule) return undefined;
    rule.hits++;
    if (rule.remaining !== undefined && --rule.remaining <= 0) this.rules.splice(index, 1);
    return rule.action;
  }
}

function matches(match: FaultMatch, query: FaultQuery): boolean {
  for (const key of ["endpoint", "orderId", "regKey", "transactionId"] as const) {
    const want = match[key];
    if (want === undefined) continue;
    const have = query[key];
    if (Array.isArray(have) ? !have.includes(want) : have !== want) return false;
  }
  return true;
}
