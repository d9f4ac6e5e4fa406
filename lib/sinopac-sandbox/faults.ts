// Fault injection for /Order calls, set through POST /__sandbox/faults. Each rule fires `times`
// times for its service ("*" = any). "after" faults process the request, then lose the answer.
export type FaultAction =
  | "http500" // before processing: infrastructure error, nothing done
  | "plain_text" // before processing: a bare error string
  | "no_message" // before processing: JSON with Status/Description only
  | "bad_sign" // after processing: the answer's Sign is wrong
  | "drop_after" // after processing: the connection is cut
  | "delay_after"; // after processing: answer held back delayMs (client timeouts)

export interface FaultRule {
  service: string;
  action: FaultAction;
  times: number;
  delayMs?: number;
}

const ACTIONS = new Set<FaultAction>([
  "http500",
  "plain_text",
  "no_message",
  "bad_sign",
  "drop_after",
  "delay_after",
]);

export function parseFaultRule(value: Record<string, unknown>): FaultRule | string {
  const { service = "*", action, times = 1, delayMs } = value;
  if (typeof service !== "string") return "service must be a string";
  if (typeof action !== "string" || !ACTIONS.has(action as FaultAction))
    return `action must be one of ${[...ACTIONS].join(", ")}`;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 1 || times > 1000)
    return "times must be an integer 1–1000";
  if (delayMs !== undefined && (typeof delayMs !== "number" || delayMs < 0 || delayMs > 600_000))
    return "delayMs must be 0–600000";
  return { service, action: action as FaultAction, times, delayMs };
}

export class FaultBook {
  private rules: FaultRule[] = [];

  add(rule: FaultRule) {
    this.rules.push({ ...rule });
  }

  /** Takes one use of the first matching rule. */
  take(service: string): FaultRule | undefined {
    const rule = this.rules.find((r) => r.service === "*" || r.service === service);
    if (!rule) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear() {
    this.rules = [];
  }
}
