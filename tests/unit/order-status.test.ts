import { describe, expect, it } from "vitest";
import {
  ORDER_STATUSES,
  IllegalOrderTransitionError,
  assertOrderTransition,
  canTransitionOrder,
  hasMoneyMoved,
  type OrderStatus,
} from "@/lib/billing/order-status";

const legal: Array<[OrderStatus, OrderStatus]> = [
  ["PENDING", "CONFIRMING"],
  ["PENDING", "CANCELED"],
  ["PENDING", "FAILED"],
  ["PENDING", "EXPIRED"],
  ["CONFIRMING", "PAID"],
  ["CONFIRMING", "FAILED"],
  ["CONFIRMING", "UNKNOWN"],
  ["UNKNOWN", "PAID"],
  ["UNKNOWN", "FAILED"],
  ["UNKNOWN", "CONFIRMING"],
  ["CONFIRMING", "AUTHORIZED"],
  ["UNKNOWN", "AUTHORIZED"],
  ["AUTHORIZED", "PAID"],
  ["AUTHORIZED", "VOIDED"],
  ["AUTHORIZED", "EXPIRED"],
  ["PAID", "PARTIALLY_REFUNDED"],
  ["PAID", "REFUNDED"],
  ["PARTIALLY_REFUNDED", "PARTIALLY_REFUNDED"],
  ["PARTIALLY_REFUNDED", "REFUNDED"],
  ["FAILED", "CONFIRMING"],
];

describe("order state machine", () => {
  it.each(legal)("allows %s → %s", (from, to) => {
    expect(canTransitionOrder(from, to)).toBe(true);
    expect(() => assertOrderTransition(from, to)).not.toThrow();
  });

  it("refuses every move not in the legal list", () => {
    const legalKeys = new Set(legal.map(([from, to]) => `${from}>${to}`));
    let refused = 0;
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        if (legalKeys.has(`${from}>${to}`)) continue;
        expect(canTransitionOrder(from, to)).toBe(false);
        expect(() => assertOrderTransition(from, to)).toThrow(IllegalOrderTransitionError);
        refused++;
      }
    }
    expect(refused).toBe(ORDER_STATUSES.length ** 2 - legal.length);
  });

  it("never lets a paid order go back to an unpaid state", () => {
    for (const to of [
      "PENDING",
      "CONFIRMING",
      "UNKNOWN",
      "AUTHORIZED",
      "VOIDED",
      "FAILED",
      "CANCELED",
      "EXPIRED",
    ] as const) {
      expect(canTransitionOrder("PAID", to)).toBe(false);
    }
  });

  it("final states have no way out", () => {
    for (const from of ["REFUNDED", "CANCELED", "EXPIRED", "VOIDED"] as const) {
      for (const to of ORDER_STATUSES) expect(canTransitionOrder(from, to)).toBe(false);
    }
  });

  it("a FAILED order moves only to CONFIRMING (a payment the provider shows after a decline)", () => {
    expect(ORDER_STATUSES.filter((to) => canTransitionOrder("FAILED", to))).toEqual(["CONFIRMING"]);
  });

  it("knows which states mean money moved", () => {
    expect(ORDER_STATUSES.filter(hasMoneyMoved)).toEqual([
      "PAID",
      "PARTIALLY_REFUNDED",
      "REFUNDED",
    ]);
  });
});
