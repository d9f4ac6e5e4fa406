// The rate limiter against real SQLite and Postgres: counts per window, refuses past the limit,
// starts over in the next window, stays exact when two app instances (two clients) hit at once,
// and the sign-in throttle counts every attempt per client address (per email: sign-in-throttle.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { refuseSignInFromAddress } from "@/lib/auth/sign-in-throttle";
import { rateLimitKey, rateLimitWindowStart, type RateLimitRule } from "@/lib/security/rate-limit";
import { RATE_LIMITS, RATE_LIMIT_RETENTION_MS } from "@/lib/security/rate-limit-rules";
import { RateLimitedError, consumeRateLimit, enforceRateLimit } from "@/lib/security/rate-limiter";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "../helpers/test-databases";

const rule: RateLimitRule = { name: "it", limit: 3, windowMs: 60_000 };
const T0 = new Date("2026-11-22T10:00:10.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

describe.each(PROVIDERS)("[%s] rate limits in the database", (provider) => {
  let database: TestDatabase;
  let secondInstance: Db;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    secondInstance = createDb(database.url);
  });
  afterAll(async () => {
    await secondInstance?.$disconnect();
    await database?.drop();
  });

  const storedHits = async (subject: string, at: Date) =>
    (
      await database.db.rateLimitWindow.findUnique({
        where: {
          key_windowStart: {
            key: rateLimitKey(rule, subject),
            windowStart: rateLimitWindowStart(rule, at),
          },
        },
      })
    )?.hits;

  it("allows the limit, refuses the next with the seconds left, and starts over in the next window", async () => {
    const decisions = [];
    for (let i = 0; i < 5; i++)
      decisions.push(await consumeRateLimit(database.db, rule, "ip-a", later(i * 1000)));
    expect(decisions.map((d) => d.isAllowed)).toEqual([true, true, true, false, false]);
    expect(decisions[3]?.retryAfterSeconds).toBe(47);
    expect(await storedHits("ip-a", T0)).toBe(5);
    await expect(enforceRateLimit(database.db, rule, "ip-a", later(2000))).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    // Another subject has its own counter; the next window starts from zero.
    expect((await consumeRateLimit(database.db, rule, "ip-b", later(3000))).isAllowed).toBe(true);
    expect((await consumeRateLimit(database.db, rule, "ip-a", later(50_000))).isAllowed).toBe(true);
    expect(await storedHits("ip-a", later(50_000))).toBe(1);
  });

  it("counts every hit exactly once when two app instances hit the same key at the same time", async () => {
    const wide: RateLimitRule = { name: "it-race", limit: 10, windowMs: 60_000 };
    const decisions = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        consumeRateLimit(i % 2 ? secondInstance : database.db, wide, "shared", T0),
      ),
    );
    expect(decisions.filter((d) => d.isAllowed)).toHaveLength(10);
    const row = await database.db.rateLimitWindow.findUniqueOrThrow({
      where: {
        key_windowStart: {
          key: rateLimitKey(wide, "shared"),
          windowStart: rateLimitWindowStart(wide, T0),
        },
      },
    });
    expect(row.hits).toBe(24);
  });

  it("deletes windows older than the retention as new hits arrive", async () => {
    await consumeRateLimit(database.db, rule, "old", T0);
    await consumeRateLimit(database.db, rule, "new", later(RATE_LIMIT_RETENTION_MS + 60_000));
    expect(
      await database.db.rateLimitWindow.count({ where: { key: rateLimitKey(rule, "old") } }),
    ).toBe(0);
    expect(
      await database.db.rateLimitWindow.count({ where: { key: rateLimitKey(rule, "new") } }),
    ).toBe(1);
  });

  it("prunes when a window opens, at most once a minute, not on every hit", async () => {
    const now = later(2 * RATE_LIMIT_RETENTION_MS);
    await consumeRateLimit(database.db, rule, "busy", now);
    const stale = { key: rateLimitKey(rule, "stale"), windowStart: T0, hits: 1 };
    await database.db.rateLimitWindow.create({ data: stale });
    const staleCount = () => database.db.rateLimitWindow.count({ where: { key: stale.key } });
    // Another hit in an open window, and a new window within the minute: no DELETE.
    await consumeRateLimit(database.db, rule, "busy", now);
    await consumeRateLimit(database.db, rule, "other", new Date(now.getTime() + 30_000));
    expect(await staleCount()).toBe(1);
    // A window opened a minute later prunes.
    await consumeRateLimit(database.db, rule, "third", new Date(now.getTime() + 60_000));
    expect(await staleCount()).toBe(0);
  });

  it("sign-in: every attempt counts per client address", async () => {
    const now = new Date("2026-11-22T11:00:00.000Z");
    const perIp = RATE_LIMITS.signInPerIp.limit;
    const refusals = [];
    for (let i = 0; i < perIp + 1; i++)
      refusals.push(await refuseSignInFromAddress(database.db, "10.9.9.9", now));
    expect(refusals.slice(0, perIp).every((r) => r === null)).toBe(true);
    expect(refusals[perIp]).toBe(60);
    expect(await refuseSignInFromAddress(database.db, "10.9.9.10", now)).toBeNull();
  });
});
