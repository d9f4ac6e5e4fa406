import { describe, expect, it } from "vitest";
import { MERCHANT_ORDER_ID_PATTERN, createMerchantOrderId } from "@/lib/billing/merchant-order-id";

describe("merchant orderId", () => {
  it("carries the UTC date and 16 base32 characters, within LINE Pay's 100-char limit", () => {
    const id = createMerchantOrderId(new Date("2026-11-22T23:59:00Z"));
    expect(id).toMatch(MERCHANT_ORDER_ID_PATTERN);
    expect(id.startsWith("VIP-20261122-")).toBe(true);
    expect(id.length).toBeLessThanOrEqual(100);
  });

  it("is deterministic for given random bytes and different for different bytes", () => {
    const zeros = createMerchantOrderId(new Date("2026-01-01T00:00:00Z"), () => new Uint8Array(10));
    const ones = createMerchantOrderId(new Date("2026-01-01T00:00:00Z"), () =>
      new Uint8Array(10).fill(255),
    );
    expect(zeros).toBe("VIP-20260101-0000000000000000");
    expect(ones).toBe("VIP-20260101-ZZZZZZZZZZZZZZZZ");
  });

  it("does not repeat across many draws", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createMerchantOrderId(new Date())));
    expect(ids.size).toBe(10_000);
  });
});
