// What went wrong on a browser route (a checkout post, LINE Pay's return, a subscription button),
// as words the problem page can say in the shopper's language. Routes redirect to that page with a
// topic (what the shopper was doing) and a reason (why it stopped); the page never echoes input.
export const PROBLEM_TOPICS = ["checkout", "confirm", "cancel", "subscription"] as const;
export type ProblemTopic = (typeof PROBLEM_TOPICS)[number];

export const PROBLEM_REASONS = [
  // Refused before anything was looked at.
  "cross_origin",
  "rate_limited",
  "invalid_request",
  "invalid_link",
  "action_not_found",
  // Checkout.
  "plan_unavailable",
  "plan_not_subscribable",
  "already_subscribed",
  "payment_start_failed",
  "payment_method_unavailable",
  "passes_only",
  "previous_tap_starting",
  "subscription_payment_confirming",
  // LINE Pay's return links.
  "order_not_found",
  "link_mismatch",
  "payment_not_ours",
  // Subscription buttons.
  "subscription_not_found",
  "renewal_in_progress",
  "cannot_cancel",
  "cannot_resume",
  "no_rebind_needed",
  "rebind_confirming",
  // Anything else: a conflict we did not name, or a failure on our side.
  "busy",
  "internal",
] as const;
export type ProblemReason = (typeof PROBLEM_REASONS)[number];

export interface Problem {
  topic: ProblemTopic;
  reason: ProblemReason;
  /** The order the shopper can open to see where the money stands (its page checks the owner). */
  orderId?: string;
  /** For rate limits: how long to wait. */
  waitSeconds?: number;
  /** For our own failures: the request id the logs carry, for the shopper to quote. */
  reference?: string;
}

const ORDER_ID = /^[A-Za-z0-9_-]{1,100}$/;
const REFERENCE = /^[A-Za-z0-9._:-]{8,128}$/;

/** The problem page's address for `problem`. */
export function problemPath(problem: Problem): string {
  const query = new URLSearchParams({ topic: problem.topic, reason: problem.reason });
  if (problem.orderId && ORDER_ID.test(problem.orderId)) query.set("order", problem.orderId);
  if (problem.waitSeconds !== undefined)
    query.set("wait", String(Math.max(1, Math.ceil(problem.waitSeconds))));
  if (problem.reference && REFERENCE.test(problem.reference)) query.set("ref", problem.reference);
  return `/problem?${query.toString()}`;
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return list.some((item) => item === value);
}

/** Reads the problem page's query; anything unknown or malformed falls back to the generic words. */
export function parseProblem(query: Record<string, string | string[] | undefined>): Problem {
  const wait = Number(query.wait);
  return {
    topic: isOneOf(PROBLEM_TOPICS, query.topic) ? query.topic : "checkout",
    reason: isOneOf(PROBLEM_REASONS, query.reason) ? query.reason : "internal",
    orderId:
      typeof query.order === "string" && ORDER_ID.test(query.order) ? query.order : undefined,
    waitSeconds: Number.isInteger(wait) && wait > 0 && wait < 86_400 ? wait : undefined,
    reference: typeof query.ref === "string" && REFERENCE.test(query.ref) ? query.ref : undefined,
  };
}
