import { describe, expect, it } from "vitest";
import {
  checkRefund,
  refundableMinor,
  statusAfterRefund,
  type RefundableOrder,
} from "@/lib/billing/refund-policy";
import { parseAmountToMinor } from "@/lib/billing/money";

const paid = (over: Partial<RefundableOrder> = {}): RefundableOrder => ({
  status: "PAID",
  amountMinor: 750,
  refundedMinor: 0,
  refundPendingMinor: 0,
  ...over,
});

describe("checkRefund", () => {
  it("allows any positive amount up to what is neither refunded nor awaiting LINE Pay", () => {
    expect(checkRefund(paid(), 750)).toBeNull();
    expect(checkRefund(paid({ status: "PARTIALLY_REFUNDED", refundedMinor: 250 }), 500)).toBeNull();
    expect(refundableMinor(paid({ refundedMinor: 250, refundPendingMinor: 300 }))).toBe(200);
  });

  it("refuses an over-refund and says how much is left", () => {
    expect(checkRefund(paid({ refundedMinor: 250 }), 501)).toEqual({
      code: "OVER_REFUND",
      message: expect.any(String),
      refundableMinor: 500,
    });
    expect(checkRefund(paid({ refundPendingMinor: 700 }), 51)).toMatchObject({
      code: "OVER_REFUND",
      refundableMinor: 50,
    });
  });

  it("refuses when nothing is left, telling a full refund from one still awaiting LINE Pay", () => {
    expect(checkRefund(paid({ status: "REFUNDED", refundedMinor: 750 }), 1)?.code).toBe("NOT_PAID");
    expect(
      checkRefund(
        paid({ status: "PARTIALLY_REFUNDED", refundedMinor: 450, refundPendingMinor: 300 }),
        1,
      ),
    ).toMatchObject({ code: "NOTHING_LEFT", message: expect.stringContaining("not known yet") });
  });

  it("refuses unpaid orders and non-positive or fractional amounts", () => {
    for (const status of [
      "PENDING",
      "CONFIRMING",
      "UNKNOWN",
      "CANCELED",
      "FAILED",
      "EXPIRED",
      "REFUNDED",
    ] as const) {
      expect(checkRefund(paid({ status }), 100)?.code).toBe("NOT_PAID");
    }
    for (const amount of [0, -1, 1.5, Number.NaN])
      expect(checkRefund(paid(), amount)?.code).toBe("INVALID_AMOUNT");
  });
});

describe("statusAfterRefund", () => {
  it("is REFUNDED once everything is back, PARTIALLY_REFUNDED before", () => {
    expect(statusAfterRefund(750, 250)).toBe("PARTIALLY_REFUNDED");
    expect(statusAfterRefund(750, 750)).toBe("REFUNDED");
  });
});

describe("parseAmountToMinor", () => {
  it("reads typed amounts exactly, refusing more decimals than the currency has", () => {
    expect(parseAmountToMinor("250", "TWD")).toBe(250);
    expect(parseAmountToMinor(" 250 ", "TWD")).toBe(250);
    expect(parseAmountToMinor("250.5", "TWD")).toBeNull();
    expect(parseAmountToMinor("19.9", "USD")).toBe(1990);
    expect(parseAmountToMinor("19.99", "USD")).toBe(1999);
    expect(parseAmountToMinor("19.999", "USD")).toBeNull();
    for (const bad of ["", "-5", "1e3", "12,000", "abc", "0x10"])
      expect(parseAmountToMinor(bad, "TWD")).toBeNull();
  });
});
