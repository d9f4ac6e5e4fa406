import { describe, expect, it } from "vitest";
import {
  DEFAULT_ORDER_FILTERS,
  orderFiltersToParams,
  parseOrderFilters,
} from "@/lib/admin/order-filters";
import { amountToMinor } from "@/lib/billing/money";
import { decodeOrderCursor, encodeOrderCursor } from "@/lib/db/order-cursor";
import { startOfLocalDay } from "@/lib/billing/billing-period";

const TAIPEI = "Asia/Taipei";

describe("parseOrderFilters", () => {
  it("reads every filter from the URL, dates as whole business days in Taipei", () => {
    const { filters, problems } = parseOrderFilters(
      {
        status: "PAID,REFUNDED",
        type: "renewal",
        method: "sinopac-atm",
        currency: "twd",
        from: "2026-02-01",
        to: "2026-02-28",
        min: "100",
        max: "299.5",
        q: " a@b.tw ",
        sort: "amount_desc",
        size: "100",
      },
      TAIPEI,
    );
    expect(problems).toEqual([]);
    expect(filters).toEqual({
      statuses: ["PAID", "REFUNDED"],
      type: "renewal",
      method: "sinopac-atm",
      currency: "TWD",
      from: new Date("2026-02-01T00:00:00+08:00"),
      to: new Date("2026-03-01T00:00:00+08:00"), // "to" includes the whole last day
      minAmount: "100",
      maxAmount: "299.5",
      q: "a@b.tw",
      sort: "amount_desc",
      size: 100,
    });
  });

  it("drops each bad value with a readable reason and keeps the rest", () => {
    const { filters, problems } = parseOrderFilters(
      {
        status: ["PAID", "DELETED"],
        type: "gift",
        method: "cash",
        currency: "EUR",
        from: "2026-02-30",
        to: "yesterday",
        min: "-5",
        max: "1e9",
        sort: "random",
        size: "1000000",
        q: "x".repeat(201),
      },
      TAIPEI,
    );
    expect(filters).toEqual({ ...DEFAULT_ORDER_FILTERS, statuses: ["PAID"] });
    expect(problems).toHaveLength(11);
    expect(problems.join(" ")).toContain('Unknown status "DELETED"');
    expect(problems).toContain('Unknown payment method "cash" was ignored.');
  });

  it("ignores a date range that ends before it starts", () => {
    const { filters, problems } = parseOrderFilters(
      { from: "2026-03-02", to: "2026-03-01" },
      TAIPEI,
    );
    expect([filters.from, filters.to]).toEqual([null, null]);
    expect(problems).toEqual(["The date range ends before it starts; it was ignored."]);
  });

  it("reports and ignores an amount range whose minimum is above its maximum", () => {
    const { filters, problems } = parseOrderFilters({ min: "500", max: "19.99" }, TAIPEI);
    expect([filters.minAmount, filters.maxAmount]).toEqual([null, null]);
    expect(problems).toEqual(["The amount range's minimum is above its maximum; it was ignored."]);
    // An equal minimum and maximum is a valid range (exactly that amount).
    const exact = parseOrderFilters({ min: "300", max: "300.00" }, TAIPEI);
    expect([exact.filters.minAmount, exact.filters.maxAmount, exact.problems]).toEqual([
      "300",
      "300.00",
      [],
    ]);
  });

  it("round-trips through URL parameters, leaving defaults out", () => {
    const params = {
      status: "PAID",
      type: "one-time",
      method: "sinopac-card",
      from: "2026-01-31",
      to: "2026-02-01",
      q: "VIP-1",
      sort: "oldest",
    };
    const { filters } = parseOrderFilters(params, TAIPEI);
    const back = orderFiltersToParams(filters, TAIPEI);
    expect(Object.fromEntries(back)).toEqual(params);
    expect(orderFiltersToParams(DEFAULT_ORDER_FILTERS, TAIPEI).toString()).toBe("");
  });
});

describe("amountToMinor", () => {
  it("converts typed major units per currency, rounding bounds the way a person means them", () => {
    expect(amountToMinor("300", "TWD", "min")).toBe(300);
    expect(amountToMinor("299.5", "TWD", "min")).toBe(300);
    expect(amountToMinor("299.5", "TWD", "max")).toBe(299);
    expect(amountToMinor("19.99", "USD", "min")).toBe(1999);
    expect(amountToMinor("0.1", "USD", "max")).toBe(10);
  });
});

describe("order cursors", () => {
  it("round-trip, and refuse tampered, foreign-sort or oversized cursors", () => {
    const cursor = { sort: "newest" as const, key: Date.UTC(2026, 0, 1), id: "ck123" };
    const text = encodeOrderCursor(cursor);
    expect(decodeOrderCursor(text, "newest")).toEqual(cursor);
    expect(decodeOrderCursor(text, "amount_asc")).toBeNull();
    expect(decodeOrderCursor("not-base64-json", "newest")).toBeNull();
    expect(
      decodeOrderCursor(
        Buffer.from('{"sort":"newest","key":1.5,"id":"x"}').toString("base64url"),
        "newest",
      ),
    ).toBeNull();
    expect(decodeOrderCursor("a".repeat(201), "newest")).toBeNull();
    expect(decodeOrderCursor(undefined, "newest")).toBeNull();
  });
});

describe("startOfLocalDay", () => {
  it("is local midnight in the zone, including across DST in zones that have it", () => {
    expect(startOfLocalDay("2026-02-28", TAIPEI).toISOString()).toBe("2026-02-27T16:00:00.000Z");
    expect(startOfLocalDay("2024-02-29", TAIPEI).toISOString()).toBe("2024-02-28T16:00:00.000Z");
    expect(startOfLocalDay("2026-03-08", "America/New_York").toISOString()).toBe(
      "2026-03-08T05:00:00.000Z",
    );
    expect(startOfLocalDay("2026-03-09", "America/New_York").toISOString()).toBe(
      "2026-03-09T04:00:00.000Z",
    );
  });

  it("refuses dates that do not exist and unknown zones", () => {
    for (const bad of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "tomorrow"]) {
      expect(() => startOfLocalDay(bad, TAIPEI)).toThrow(RangeError);
    }
    expect(() => startOfLocalDay("2026-01-01", "Mars/Olympus")).toThrow(RangeError);
  });
});
