import { describe, expect, it } from "vitest";
import {
  decideRateLimit,
  rateLimitKey,
  rateLimitWindowStart,
  type RateLimitRule,
} from "@/lib/security/rate-limit";
import { RATE_LIMITS, RATE_LIMIT_RETENTION_MS } from "@/lib/security/rate-limit-rules";
import { describeWait } from "@/lib/security/rate-limiter";

const rule: RateLimitRule = { name: "test", limit: 3, windowMs: 60_000 };
const at = (iso: string) => new Date(iso);

describe("fixed-window rate limit", () => {
  it("puts every moment of a minute in the same window, aligned to the epoch", () => {
    expect(rateLimitWindowStart(rule, at("2026-11-22T10:15:00.000Z"))).toEqual(
      at("2026-11-22T10:15:00.000Z"),
    );
    expect(rateLimitWindowStart(rule, at("2026-11-22T10:15:59.999Z"))).toEqual(
      at("2026-11-22T10:15:00.000Z"),
    );
    expect(rateLimitWindowStart(rule, at("2026-11-22T10:16:00.000Z"))).toEqual(
      at("2026-11-22T10:16:00.000Z"),
    );
  });

  it("allows up to the limit and refuses the hit after it", () => {
    const now = at("2026-11-22T10:15:20.000Z");
    expect([1, 2, 3, 4, 5].map((hits) => decideRateLimit(rule, hits, now).isAllowed)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(decideRateLimit(rule, 1, now).remaining).toBe(2);
    expect(decideRateLimit(rule, 3, now).remaining).toBe(0);
    expect(decideRateLimit(rule, 9, now).remaining).toBe(0);
  });

  it("tells a refused client to come back when the window ends, in whole seconds, never 0", () => {
    expect(decideRateLimit(rule, 4, at("2026-11-22T10:15:20.000Z")).retryAfterSeconds).toBe(40);
    expect(decideRateLimit(rule, 4, at("2026-11-22T10:15:20.001Z")).retryAfterSeconds).toBe(40);
    expect(decideRateLimit(rule, 4, at("2026-11-22T10:15:59.999Z")).retryAfterSeconds).toBe(1);
    expect(decideRateLimit(rule, 4, at("2026-11-22T10:15:00.000Z")).retryAfterSeconds).toBe(60);
  });

  it("keeps rules apart in the store's keys", () => {
    expect(rateLimitKey(RATE_LIMITS.signInPerIp, "1.2.3.4")).not.toBe(
      rateLimitKey(RATE_LIMITS.signUpPerIp, "1.2.3.4"),
    );
  });

  it("keeps stored windows longer than the longest rule", () => {
    for (const limit of Object.values(RATE_LIMITS))
      expect(RATE_LIMIT_RETENTION_MS).toBeGreaterThan(limit.windowMs);
  });

  it("words the wait for people", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(40)).toBe("40 seconds");
    expect(describeWait(60)).toBe("1 minute");
    expect(describeWait(61)).toBe("2 minutes");
  });
});
