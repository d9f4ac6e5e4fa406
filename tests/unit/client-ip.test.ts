// The client address behind TRUSTED_PROXY_HOPS proxies: 0 ignores X-Forwarded-For (a client facing
// `next start` directly writes it), N takes the Nth entry from the right, what proxies appended.
import { describe, expect, it } from "vitest";
import { UNKNOWN_CLIENT, clientIp } from "@/lib/server/client-ip";
import { parseEnv } from "@/lib/env";

const withForwarded = (value?: string) =>
  new Request("https://shop.example/api/x", {
    headers: value === undefined ? {} : { "x-forwarded-for": value },
  });

describe("clientIp", () => {
  it("ignores a client-written X-Forwarded-For with 0 trusted hops", () => {
    expect(clientIp(withForwarded("203.0.113.1"), 0)).toBe(UNKNOWN_CLIENT);
    expect(clientIp(withForwarded("198.51.100.9, 203.0.113.1"), 0)).toBe(UNKNOWN_CLIENT);
  });

  it("takes the entry the outermost trusted proxy saw", () => {
    expect(clientIp(withForwarded("6.6.6.6, 203.0.113.1"), 1)).toBe("203.0.113.1");
    expect(clientIp(withForwarded("6.6.6.6, 203.0.113.1, 10.0.0.2"), 2)).toBe("203.0.113.1");
    expect(clientIp(withForwarded("203.0.113.1"), 3)).toBe("203.0.113.1");
    expect(clientIp(withForwarded(), 1)).toBe(UNKNOWN_CLIENT);
    expect(clientIp(withForwarded(" , "), 1)).toBe(UNKNOWN_CLIENT);
  });
});

describe("TRUSTED_PROXY_HOPS", () => {
  const base = {
    DATABASE_URL: "file:./x.db",
    APP_BASE_URL: "http://localhost:3000",
    NEXTAUTH_SECRET: "x".repeat(32),
    LINEPAY_API_BASE_URL: "http://127.0.0.1:9090",
    LINEPAY_CHANNEL_ID: "1234567890",
    LINEPAY_CHANNEL_SECRET: "linepay-sandbox-demo-secret",
    REGKEY_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString("base64")}`,
  };

  it("defaults to 0 and refuses anything but a small whole number", () => {
    expect(parseEnv(base).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...base, TRUSTED_PROXY_HOPS: "1" }).TRUSTED_PROXY_HOPS).toBe(1);
    for (const bad of ["-1", "1.5", "yes", "11"])
      expect(() => parseEnv({ ...base, TRUSTED_PROXY_HOPS: bad })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
