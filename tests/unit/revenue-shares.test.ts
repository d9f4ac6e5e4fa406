// One source's shares of the revenue rollup: paid periods joined into spans (a subscriber counts
// once however its periods overlap or touch), cut at the subscription's end, on Taipei days; churn
// by cause; renewal outcomes; checkout money and refunds by the day they happened.
import { describe, expect, it } from "vitest";
import {
  coverageOf,
  monthlyValueOf,
  orderShares,
  subscriptionShares,
  type SubscriptionSource,
} from "@/lib/billing/revenue-shares";

const tp = (local: string) => new Date(`${local}+08:00`);
const base: SubscriptionSource = {
  currency: "TWD",
  interval: "MONTH",
  amountMinor: 149,
  status: "ACTIVE",
  anchorAt: tp("2026-01-10T10:00:00"),
  endedAt: null,
  canceledAt: null,
  paidPeriods: [],
  attempts: [],
};
const period = (startsAt: string, endsAt: string, currency = "TWD") => ({
  startsAt: tp(startsAt),
  endsAt: tp(endsAt),
  currency,
});

describe("revenue shares", () => {
  it("joins touching and overlapping paid periods, leaves gaps, and ignores other currencies", () => {
    const spans = coverageOf({
      ...base,
      paidPeriods: [
        period("2026-02-10T10:00:00", "2026-03-10T10:00:00"),
        period("2026-01-10T10:00:00", "2026-02-10T10:00:00"),
        period("2026-02-20T00:00:00", "2026-03-01T00:00:00"),
        period("2026-04-01T00:00:00", "2026-05-01T00:00:00"),
        period("2026-06-01T00:00:00", "2026-07-01T00:00:00", "USD"),
      ],
    });
    expect(spans.map((s) => [s.startsAt, s.endsAt])).toEqual([
      [tp("2026-01-10T10:00:00"), tp("2026-03-10T10:00:00")],
      [tp("2026-04-01T00:00:00"), tp("2026-05-01T00:00:00")],
    ]);
  });

  it("cuts paid time at the subscription's end and counts none before its first payment", () => {
    const paidPeriods = [period("2026-01-10T10:00:00", "2026-02-10T10:00:00")];
    const ended = coverageOf({ ...base, paidPeriods, endedAt: tp("2026-01-20T00:00:00") });
    expect(ended.map((s) => s.endsAt)).toEqual([tp("2026-01-20T00:00:00")]);
    expect(coverageOf({ ...base, paidPeriods, endedAt: tp("2026-01-01T00:00:00") })).toEqual([]);
    expect(coverageOf({ ...base, paidPeriods, anchorAt: null })).toEqual([]);
  });

  it("counts a yearly plan for a twelfth of its price, rounded half up", () => {
    expect(monthlyValueOf("YEAR", 1490)).toBe(124);
    expect(monthlyValueOf("YEAR", 1494)).toBe(125);
    expect(monthlyValueOf("MONTH", 149)).toBe(149);
  });

  it("puts a start, a failed-payment end and the active changes on their Taipei days", () => {
    const { shares } = subscriptionShares({
      ...base,
      status: "EXPIRED",
      // 23:30 on 31 January in Taipei is still the 31st; the end is on 1 February in Taipei.
      anchorAt: tp("2026-01-31T23:30:00"),
      endedAt: tp("2026-02-01T00:30:00"),
      paidPeriods: [period("2026-01-31T23:30:00", "2026-02-28T23:30:00")],
      attempts: [
        {
          status: "SUCCEEDED",
          settledAt: tp("2026-02-01T08:00:00"),
          amountMinor: 149,
          currency: "TWD",
        },
        {
          status: "DECLINED",
          settledAt: tp("2026-02-01T09:00:00"),
          amountMinor: 149,
          currency: "TWD",
        },
        {
          status: "NOT_CHARGED",
          settledAt: tp("2026-02-01T09:00:00"),
          amountMinor: 149,
          currency: "TWD",
        },
      ],
    });
    expect(shares).toEqual([
      expect.objectContaining({
        day: "2026-01-31",
        newSubscribers: 1,
        activeDelta: 1,
        mrrDeltaMinor: 149,
      }),
      expect.objectContaining({
        day: "2026-02-01",
        churnedFailed: 1,
        churnedVoluntary: 0,
        activeDelta: -1,
        mrrDeltaMinor: -149,
        renewalsCharged: 1,
        renewalsFailed: 1,
        grossMinor: 149,
      }),
    ]);
  });

  it("counts checkout money when taken, renewals only from their attempts, refunds when settled", () => {
    const paid = {
      kind: "ONE_TIME",
      status: "PARTIALLY_REFUNDED" as const,
      paidAt: tp("2026-03-14T15:59:00"),
      amountMinor: 750,
      currency: "TWD",
      refunds: [{ settledAt: tp("2026-03-15T08:00:00"), amountMinor: 250, currency: "TWD" }],
    };
    expect(orderShares(paid).map((s) => [s.day, s.grossMinor, s.refundedMinor])).toEqual([
      ["2026-03-14", 750, 0],
      ["2026-03-15", 0, 250],
    ]);
    expect(orderShares({ ...paid, refunds: [], status: "FAILED" })).toEqual([]);
    expect(orderShares({ ...paid, refunds: [], kind: "RENEWAL" })).toEqual([]);
  });
});
