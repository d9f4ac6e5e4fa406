// The session codec must read and write next-auth's own tokens: cookies issued before it (and by
// tools that mint tokens with next-auth/jwt) keep working, and its tokens open with next-auth's.
import { describe, expect, it, vi } from "vitest";
import { decode, encode } from "next-auth/jwt";
import { decodeSessionToken, encodeSessionToken } from "@/lib/auth/session-token-codec";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const claims = { sub: "user-1", role: "SHOPPER", sessionVersion: 3, email: "s@example.com" };

describe("session token codec", () => {
  it("opens tokens next-auth wrote, and next-auth opens its tokens", async () => {
    const fromNextAuth = await encode({ token: claims, secret });
    await expect(decodeSessionToken({ token: fromNextAuth, secret })).resolves.toMatchObject(
      claims,
    );
    const ours = await encodeSessionToken({ token: claims, secret });
    const opened = await decode({ token: ours, secret });
    expect(opened).toMatchObject(claims);
    expect(opened?.jti).toEqual(expect.any(String));
    expect((opened?.exp as number) - (opened?.iat as number)).toBe(30 * 24 * 60 * 60);
  });

  it("keeps next-auth's salt: a token for one cookie does not open as another's", async () => {
    const salted = await encodeSessionToken({ token: claims, secret, salt: "csrf" });
    await expect(decode({ token: salted, secret, salt: "csrf" })).resolves.toMatchObject(claims);
    await expect(decodeSessionToken({ token: salted, secret })).rejects.toThrow();
  });

  it("refuses a token under another secret, a tampered one and an expired one", async () => {
    const token = await encodeSessionToken({ token: claims, secret, maxAge: 60 });
    await expect(decodeSessionToken({ token, secret: `${secret}-rotated` })).rejects.toThrow();
    const parts = token.split(".");
    const body = parts[3] as string;
    parts[3] = `${body.slice(0, -2)}${body.endsWith("AA") ? "BB" : "AA"}`;
    await expect(decodeSessionToken({ token: parts.join("."), secret })).rejects.toThrow();

    vi.useFakeTimers({ now: Date.now() + 60_000 + 16_000 }); // past expiry and the 15 s tolerance
    try {
      await expect(decodeSessionToken({ token, secret })).rejects.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it("treats a missing cookie as no session", async () => {
    await expect(decodeSessionToken({ token: undefined, secret })).resolves.toBeNull();
  });
});
