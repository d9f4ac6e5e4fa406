import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const valid = {
  DATABASE_URL: "file:./prisma/dev.db",
  APP_BASE_URL: "http://localhost:3000",
  NEXTAUTH_SECRET: "x".repeat(32),
  LINEPAY_API_BASE_URL: "http://127.0.0.1:9090",
  LINEPAY_CHANNEL_ID: "1234567890",
  LINEPAY_CHANNEL_SECRET: "channel-secret-value",
  REGKEY_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
};

describe("environment validation", () => {
  it("accepts a complete configuration and treats LINE Login as optional", () => {
    const env = parseEnv(valid);
    expect(env.LINE_LOGIN_CHANNEL_ID).toBeUndefined();
    expect(env.NODE_ENV).toBe("development");
  });

  it("names every missing or malformed variable without echoing secret values", () => {
    let message = "";
    try {
      parseEnv({ ...valid, NEXTAUTH_SECRET: "short-secret-value", LINEPAY_CHANNEL_ID: "", DATABASE_URL: "mysql://x" });
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      message = (error as Error).message;
    }
    expect(message).toContain("NEXTAUTH_SECRET");
    expect(message).toContain("LINEPAY_CHANNEL_ID");
    expect(message).toContain("DATABASE_URL");
    expect(message).not.toContain("short-secret-value");
  });

  it("refuses a malformed regKey keyring and the test clock in production", () => {
    expect(() => parseEnv({ ...valid, REGKEY_ENCRYPTION_KEYS: "k1:short" })).toThrow(/REGKEY_ENCRYPTION_KEYS/);
    expect(() => parseEnv({ ...valid, NODE_ENV: "production", TEST_CLOCK_ENABLED: "1" })).toThrow(/TEST_CLOCK_ENABLED/);
    expect(() => parseEnv({ ...valid, NODE_ENV: "production", APP_ENV: "production", TEST_CLOCK_ENABLED: "1" })).toThrow(/TEST_CLOCK_ENABLED/);
    expect(parseEnv({ ...valid, NODE_ENV: "test", TEST_CLOCK_ENABLED: "1" }).TEST_CLOCK_ENABLED).toBe("1");
    // `next start` in the end-to-end stack: a production build deployed as a test environment.
    expect(parseEnv({ ...valid, NODE_ENV: "production", APP_ENV: "test", TEST_CLOCK_ENABLED: "1" }).APP_ENV).toBe("test");
    expect(() => parseEnv({ ...valid, CRON_SECRET: "too-short" })).toThrow(/CRON_SECRET/);
  });

  it("treats an empty string as missing", () => {
    expect(() => parseEnv({ ...valid, LINEPAY_CHANNEL_SECRET: "" })).toThrow(/LINEPAY_CHANNEL_SECRET/);
  });
});
