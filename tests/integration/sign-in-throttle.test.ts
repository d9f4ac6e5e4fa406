// The per-email sign-in limit inside the authorize step, on real SQLite and Postgres: every wrong
// password counts for the email that was checked (whatever the HTTP request looked like), the
// count is claimed before the hash comparison so parallel guesses cannot slip past it, a right
// password does not count, and an unknown email costs a hash comparison like a known one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import { hashPassword } from "@/lib/auth/password";
import { createUserWithPassword } from "@/lib/db/user-repository";
import { rateLimitKey, rateLimitWindowStart } from "@/lib/security/rate-limit";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "../helpers/test-databases";

const PASSWORD = "right password 1";
const rule = RATE_LIMITS.signInFailuresPerEmail;
const T0 = new Date("2026-11-22T11:00:30.000Z");

describe.each(PROVIDERS)("[%s] sign-in attempts per email", (provider) => {
  let database: TestDatabase;
  let passwordHash: string;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const newUser = async (label: string) => {
    const email = `${label}-${provider}@example.com`;
    await createUserWithPassword(database.db, { email, name: null, passwordHash });
    return email;
  };
  const storedHits = async (email: string, at: Date) =>
    (
      await database.db.rateLimitWindow.findUnique({
        where: {
          key_windowStart: {
            key: rateLimitKey(rule, email),
            windowStart: rateLimitWindowStart(rule, at),
          },
        },
      })
    )?.hits ?? 0;
  const attempt = (email: string, password: string, at = T0) =>
    authorizeCredentials(database.db, { email, password }, at);

  it("counts every wrong password for the email checked; the sixth try is refused, the right password too", async () => {
    const email = await newUser("victim");
    const kinds = [];
    for (let i = 0; i < 8; i++) kinds.push((await attempt(email, `guess ${i}`)).kind);
    expect(kinds).toEqual([...Array(5).fill("refused"), ...Array(3).fill("rate-limited")]);
    const right = await attempt(` ${email.toUpperCase()} `, PASSWORD);
    expect(right).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 15 * 60 - 30 });
    expect(await storedHits(email, T0)).toBe(9);
    // The next window starts over.
    expect((await attempt(email, PASSWORD, new Date(T0.getTime() + 15 * 60_000))).kind).toBe(
      "signed-in",
    );
  });

  it("lets at most five of twelve parallel guesses reach the hash comparison", async () => {
    const email = await newUser("parallel");
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt(email, `parallel guess ${i}`)),
    );
    expect(outcomes.filter((o) => o.kind === "refused")).toHaveLength(rule.limit);
    expect(outcomes.filter((o) => o.kind === "rate-limited")).toHaveLength(12 - rule.limit);
  });

  it("does not count right passwords, so the owner is never locked out by signing in", async () => {
    const email = await newUser("owner");
    for (let i = 0; i < 3; i++) expect((await attempt(email, `typo ${i}`)).kind).toBe("refused");
    for (let i = 0; i < 10; i++) expect((await attempt(email, PASSWORD)).kind).toBe("signed-in");
    expect(await storedHits(email, T0)).toBe(3);
  });

  it("spends a hash comparison on an email with no account, and counts it the same way", async () => {
    const email = `nobody-${provider}@example.com`;
    const started = performance.now();
    expect((await attempt(email, "whatever it is")).kind).toBe("refused");
    // bcrypt at cost 12 takes far longer than this; a lookup that stops at "no such user" does not.
    expect(performance.now() - started).toBeGreaterThan(40);
    expect(await storedHits(email, T0)).toBe(1);
  });
});
