// SinoPac settings: off by default; when enabled (any environment, production included) every value
// must be present and well formed, and the error names the variable without echoing its value.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const base = {
  DATABASE_URL: "file:./prisma/dev.db",
  APP_BASE_URL: "http://localhost:3000",
  NEXTAUTH_SECRET: "x".repeat(32),
  LINEPAY_API_BASE_URL: "http://127.0.0.1:9090",
  LINEPAY_CHANNEL_ID: "1234567890",
  LINEPAY_CHANNEL_SECRET: "channel-secret-value",
  REGKEY_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
};
const sinoPac = {
  SINOPAC_ENABLED: "1",
  SINOPAC_API_BASE_URL: "http://127.0.0.1:9091/funBIZ-Sbx/QPay.WebAPI/api",
  SINOPAC_SHOP_NO: "NA0000_001",
  SINOPAC_HASH_A1: "0011223344556677",
  SINOPAC_HASH_A2: "8899AABBCCDDEEFF",
  SINOPAC_HASH_B1: "0123456789ABCDEF",
  SINOPAC_HASH_B2: "FEDCBA9876543210",
  SINOPAC_KEY_ID: "00000000-0000-4000-8000-000000000000",
};

describe("SinoPac environment", () => {
  it("is off unless enabled, and then needs nothing", () => {
    expect(parseEnv(base).SINOPAC_ENABLED).toBe("0");
  });

  it("accepts a complete configuration, in production too", () => {
    expect(parseEnv({ ...base, ...sinoPac, APP_ENV: "production" }).SINOPAC_SHOP_NO).toBe(
      "NA0000_001",
    );
  });

  it("names every missing or malformed value when enabled, never echoing it", () => {
    const attempt = () =>
      parseEnv({
        ...base,
        ...sinoPac,
        APP_ENV: "production",
        SINOPAC_HASH_B2: "not-hex-secret!!",
        SINOPAC_KEY_ID: "",
        SINOPAC_SHOP_NO: "shop",
      });
    expect(attempt).toThrow(/SINOPAC_HASH_B2/);
    expect(attempt).toThrow(/SINOPAC_KEY_ID/);
    expect(attempt).toThrow(/SINOPAC_SHOP_NO/);
    expect(attempt).not.toThrow(/not-hex-secret/);
    expect(() => parseEnv({ ...base, SINOPAC_ENABLED: "1" })).toThrow(/SINOPAC_API_BASE_URL/);
  });
});
