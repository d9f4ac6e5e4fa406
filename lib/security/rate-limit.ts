// Fixed-window rate limiting, pure: which window a moment falls in and what a hit count means.
// Windows are aligned to the epoch, so every app instance agrees on them without coordination and
// the store only has to count hits per (key, window start).

export interface RateLimitRule {
  /** Part of the stored key, so two rules never share a counter. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  isAllowed: boolean;
  /** Hits left in this window after this one (0 when refused). */
  remaining: number;
  /** Whole seconds until the window ends: the Retry-After a refused client gets. */
  retryAfterSeconds: number;
}

export function rateLimitWindowStart(rule: RateLimitRule, now: Date): Date {
  return new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
}

/** `hits` counts the request being decided (the first request of a window is hit 1). */
export function decideRateLimit(rule: RateLimitRule, hits: number, now: Date): RateLimitDecision {
  const windowEnd = rateLimitWindowStart(rule, now).getTime() + rule.windowMs;
  return {
    isAllowed: hits <= rule.limit,
    remaining: Math.max(0, rule.limit - hits),
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)),
  };
}

export function rateLimitKey(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${subject}`;
}
