import { describe, expect, it } from "vitest";
import { formatMoney, fromLinePayAmount, toLinePayAmount } from "@/lib/billing/money";

describe("money", () => {
  it("sends TWD as whole dollars and USD/THB in major units", () => {
    expect(toLinePayAmount(300, "TWD")).toBe(300);
    expect(toLinePayAmount(1999, "USD")).toBe(19.99);
    expect(toLinePayAmount(5000, "THB")).toBe(50);
  });

  it("converts LINE Pay amounts back to minor units and refuses extra decimals", () => {
    expect(fromLinePayAmount(300, "TWD")).toBe(300);
    expect(fromLinePayAmount(19.99, "USD")).toBe(1999);
    expect(() => fromLinePayAmount(10.5, "TWD")).toThrow(RangeError);
    expect(() => fromLinePayAmount(1.234, "USD")).toThrow(RangeError);
  });

  it("refuses unknown currencies and fractional minor amounts", () => {
    expect(() => toLinePayAmount(100, "EUR")).toThrow(RangeError);
    expect(() => toLinePayAmount(1.5, "TWD")).toThrow(RangeError);
  });

  it("formats TWD with no decimals", () => {
    expect(formatMoney(2490, "TWD")).toMatch(/^NT\$2,490$/);
    expect(formatMoney(1999, "USD")).toBe("$19.99");
  });

  it("formats TWD as NT$ with no decimals in both languages", () => {
    for (const locale of ["en", "zh-TW"]) {
      expect(formatMoney(300, "TWD", locale)).toBe("NT$300");
      expect(formatMoney(2490, "TWD", locale)).toBe("NT$2,490");
      expect(formatMoney(0, "TWD", locale)).toBe("NT$0");
    }
    expect(formatMoney(-150, "TWD", "zh-TW")).toBe("-NT$150");
  });

  it("formats USD with two decimals per locale", () => {
    expect(formatMoney(1999, "USD", "en")).toBe("$19.99");
    expect(formatMoney(1999, "USD", "zh-TW")).toBe("US$19.99");
    expect(formatMoney(100, "USD", "en")).toBe("$1.00");
  });
});
