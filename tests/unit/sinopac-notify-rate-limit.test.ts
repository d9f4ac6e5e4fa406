// The BackendURL rate limit against SinoPac's real delivery pattern: one call per payment, retried
// every 10 minutes up to 5 calls in all until acknowledged. Even in the worst case (every
// acknowledgement lost, so every retry fires) a shop taking 60 payments a minute from SinoPac's one
// address is never refused; only traffic beyond anything SinoPac sends is.
import { describe, expect, it } from "vitest";
import { decideRateLimit, rateLimitWindowStart } from "@/lib/security/rate-limit";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";

const MINUTE = 60_000;
const RETRY_INTERVAL_MS = 10 * MINUTE; // SinoPac's BackendURL schedule (wire notes §7.4, §15.3)
const CALLS_PER_PAYMENT = 5;
const rule = RATE_LIMITS.sinopacNotifyPerIp;

/** Every BackendURL call SinoPac makes for `perMinute` payments a minute over `minutes`. */
function deliveries(perMinute: number, minutes: number): Date[] {
  const start = Date.UTC(2026, 11, 3, 2, 0, 0);
  const calls: Date[] = [];
  for (let m = 0; m < minutes; m++)
    for (let p = 0; p < perMinute; p++) {
      const paidAt = start + m * MINUTE + Math.floor((p * MINUTE) / perMinute);
      for (let n = 0; n < CALLS_PER_PAYMENT; n++)
        calls.push(new Date(paidAt + n * RETRY_INTERVAL_MS));
    }
  return calls.sort((a, b) => a.getTime() - b.getTime());
}

/** How many calls the limiter refuses, counting per fixed window as the store does. */
function refusals(calls: Date[]): number {
  const hits = new Map<number, number>();
  let refused = 0;
  for (const at of calls) {
    const window = rateLimitWindowStart(rule, at).getTime();
    const count = (hits.get(window) ?? 0) + 1;
    hits.set(window, count);
    if (!decideRateLimit(rule, count, at).isAllowed) refused++;
  }
  return refused;
}

describe("SinoPac BackendURL rate limit", () => {
  it("is per source address, per minute", () => {
    expect(rule).toMatchObject({ name: "sinopac-notify-ip", windowMs: MINUTE });
  });

  it("never refuses SinoPac's pattern: 60 payments a minute for two hours, every call retried 5 times", () => {
    expect(refusals(deliveries(60, 120))).toBe(0);
    expect(refusals(deliveries(1, 30))).toBe(0); // the ordinary case: one payment, its retries
  });

  it("refuses what SinoPac never sends: more than the limit within one minute", () => {
    expect(refusals(deliveries(61, 120))).toBeGreaterThan(0);
    const burst = Array.from({ length: rule.limit + 5 }, () => new Date(Date.UTC(2026, 11, 3)));
    expect(refusals(burst)).toBe(5);
  });
});
