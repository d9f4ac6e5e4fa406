import { describe, expect, it } from "vitest";
import { EnvError, isProductionEnv, parseDatabaseEnv, parseDevPorts, parseEnv } from "@/lib/env";

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
      parseEnv({
        ...valid,
        NEXTAUTH_SECRET: "short-secret-value",
        LINEPAY_CHANNEL_ID: "",
        DATABASE_URL: "mysql://x",
      });
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
    expect(() => parseEnv({ ...valid, REGKEY_ENCRYPTION_KEYS: "k1:short" })).toThrow(
      /REGKEY_ENCRYPTION_KEYS/,
    );
    expect(() => parseEnv({ ...valid, NODE_ENV: "production", TEST_CLOCK_ENABLED: "1" })).toThrow(
      /TEST_CLOCK_ENABLED/,
    );
    expect(() =>
      parseEnv({
        ...valid,
        NODE_ENV: "production",
        APP_ENV: "production",
        TEST_CLOCK_ENABLED: "1",
      }),
    ).toThrow(/TEST_CLOCK_ENABLED/);
    expect(
      parseEnv({ ...valid, NODE_ENV: "test", TEST_CLOCK_ENABLED: "1" }).TEST_CLOCK_ENABLED,
    ).toBe("1");
    // `next start` in the end-to-end stack: a production build made for test (APP_BUILD_ENV is
    // fixed into the build by next.config.ts) deployed as a test environment.
    const testRun = { NODE_ENV: "production", APP_ENV: "test", TEST_CLOCK_ENABLED: "1" };
    expect(parseEnv({ ...valid, ...testRun, APP_BUILD_ENV: "test" }).APP_ENV).toBe("test");
    // Any other production build refuses APP_ENV=test, which would turn the test clock back on.
    for (const build of [{}, { APP_BUILD_ENV: "production" }]) {
      expect(() => parseEnv({ ...valid, ...testRun, ...build })).toThrow(
        /APP_ENV: APP_ENV=test is refused by a production build/,
      );
      expect(() =>
        parseEnv({ ...valid, ...build, NODE_ENV: "production", APP_ENV: "test" }),
      ).toThrow(/APP_ENV=test is refused/);
    }
    expect(() => parseEnv({ ...valid, CRON_SECRET: "too-short" })).toThrow(/CRON_SECRET/);
  });

  it("treats an empty string as missing", () => {
    expect(() => parseEnv({ ...valid, LINEPAY_CHANNEL_SECRET: "" })).toThrow(
      /LINEPAY_CHANNEL_SECRET/,
    );
  });

  it("reads RENEWAL_CONCURRENCY as a positive integer, 20 when unset or empty", () => {
    expect(parseEnv(valid).RENEWAL_CONCURRENCY).toBe(20);
    expect(parseEnv({ ...valid, RENEWAL_CONCURRENCY: "" }).RENEWAL_CONCURRENCY).toBe(20);
    expect(parseEnv({ ...valid, RENEWAL_CONCURRENCY: "5" }).RENEWAL_CONCURRENCY).toBe(5);
    for (const bad of ["0", "-3", "2.5", "twenty"]) {
      expect(() => parseEnv({ ...valid, RENEWAL_CONCURRENCY: bad })).toThrow(
        /RENEWAL_CONCURRENCY: must be a whole number of at least 1/,
      );
    }
  });

  it("calls it production when APP_ENV says so, or when APP_ENV is unset and NODE_ENV is production", () => {
    expect(isProductionEnv({ APP_ENV: "production" })).toBe(true);
    expect(isProductionEnv({ APP_ENV: "production", NODE_ENV: "development" })).toBe(true);
    expect(isProductionEnv({ NODE_ENV: "production" })).toBe(true);
    expect(isProductionEnv({ NODE_ENV: "production", APP_ENV: "" })).toBe(true);
    expect(isProductionEnv({ NODE_ENV: "production", APP_ENV: "test" })).toBe(false);
    expect(isProductionEnv({})).toBe(false);
    expect(parseEnv({ ...valid, APP_ENV: "production" }).APP_ENV).toBe("production");
  });

  it("validates only the database for the database CLIs", () => {
    expect(
      parseDatabaseEnv({ DATABASE_URL: "postgresql://db/shop", APP_ENV: "production" }),
    ).toEqual({
      DATABASE_URL: "postgresql://db/shop",
      isProduction: true,
    });
    expect(parseDatabaseEnv({ DATABASE_URL: "file:./x.db" }).isProduction).toBe(false);
    expect(() => parseDatabaseEnv({ DATABASE_URL: "mysql://db" })).toThrow(/DATABASE_URL/);
    expect(() => parseDatabaseEnv({})).toThrow(EnvError);
  });

  it("reads the dev server's ports, 3000 and 9090 by default", () => {
    expect(parseDevPorts({})).toEqual({ appPort: 3000, sandboxPort: 9090 });
    expect(parseDevPorts({ PORT: "4000", LINEPAY_SANDBOX_PORT: "" })).toEqual({
      appPort: 4000,
      sandboxPort: 9090,
    });
    expect(() => parseDevPorts({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => parseDevPorts({ LINEPAY_SANDBOX_PORT: "x" })).toThrow(/LINEPAY_SANDBOX_PORT/);
  });
});
