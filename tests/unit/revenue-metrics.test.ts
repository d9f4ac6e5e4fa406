import { describe, expect, it } from "vitest";
import {
  renewalSuccessByMonth,
  revenueByDay,
  subscriptionMetricsByMonth,
  type SubscriptionFacts,
} from "../helpers/revenue-reference";
import { dayBuckets, monthBuckets } from "@/lib/billing/revenue-metrics";

const TAIPEI = "Asia/Taipei";
const tp = (local: string) => new Date(`${local}+08:00`);
const NOW = tp("2026-03-15T12:00:00");

describe("buckets", () => {
  it("months are Taipei calendar months, oldest first, across a year end", () => {
    const months = monthBuckets(NOW, 4, TAIPEI);
    expect(months.map((m) => m.key)).toEqual(["2025-12", "2026-01", "2026-02", "2026-03"]);
    expect(months[2]).toEqual({
      key: "2026-02",
      start: tp("2026-02-01T00:00:00"),
      end: tp("2026-03-01T00:00:00"),
    });
  });

  it("days are Taipei days ending today", () => {
    const days = dayBuckets(tp("2026-03-01T00:30:00"), 3, TAIPEI);
    expect(days.map((d) => d.key)).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(days[2]!.start).toEqual(tp("2026-03-01T00:00:00"));
  });
});

describe("subscriptionMetricsByMonth", () => {
  const monthly: SubscriptionFacts = {
    id: "m",
    interval: "MONTH",
    amountMinor: 149,
    anchorAt: tp("2026-01-10T10:00:00"),
    endedAt: null,
    canceledAt: null,
    status: "ACTIVE",
  };
  const yearly: SubscriptionFacts = {
    id: "y",
    interval: "YEAR",
    amountMinor: 1490,
    anchorAt: tp("2026-02-05T09:00:00"),
    endedAt: null,
    canceledAt: null,
    status: "ACTIVE",
  };
  const quitter: SubscriptionFacts = {
    id: "q",
    interval: "MONTH",
    amountMinor: 149,
    anchorAt: tp("2026-01-20T09:00:00"),
    endedAt: tp("2026-02-20T09:00:00"),
    canceledAt: tp("2026-01-25T09:00:00"),
    status: "EXPIRED",
  };
  const declined: SubscriptionFacts = {
    id: "d",
    interval: "MONTH",
    amountMinor: 149,
    anchorAt: tp("2026-01-02T09:00:00"),
    endedAt: tp("2026-02-09T09:00:00"),
    canceledAt: null,
    status: "EXPIRED",
  };
  const periods = [
    { subscriptionId: "m", startsAt: tp("2026-01-10T10:00:00"), endsAt: tp("2026-02-10T10:00:00") },
    { subscriptionId: "m", startsAt: tp("2026-02-10T10:00:00"), endsAt: tp("2026-03-10T10:00:00") },
    { subscriptionId: "m", startsAt: tp("2026-03-10T10:00:00"), endsAt: tp("2026-04-10T10:00:00") },
    { subscriptionId: "y", startsAt: tp("2026-02-05T09:00:00"), endsAt: tp("2027-02-05T09:00:00") },
    { subscriptionId: "q", startsAt: tp("2026-01-20T09:00:00"), endsAt: tp("2026-02-20T09:00:00") },
    { subscriptionId: "d", startsAt: tp("2026-01-02T09:00:00"), endsAt: tp("2026-02-02T09:00:00") },
  ];

  it("counts MRR (yearly ÷ 12), active, new and churn split by cause", () => {
    const result = subscriptionMetricsByMonth(
      [monthly, yearly, quitter, declined],
      periods,
      monthBuckets(NOW, 3, TAIPEI),
      NOW,
    );
    expect(result).toEqual([
      // January's end: m, q and d paid through it.
      {
        month: "2026-01",
        mrrMinor: 447,
        activeSubscribers: 3,
        newSubscribers: 3,
        churnedVoluntary: 0,
        churnedFailedPayment: 0,
      },
      // February's end: m and y (124 = round(1490 / 12)); q cancelled and ran out, d's payment failed.
      {
        month: "2026-02",
        mrrMinor: 149 + 124,
        activeSubscribers: 2,
        newSubscribers: 1,
        churnedVoluntary: 1,
        churnedFailedPayment: 1,
      },
      {
        month: "2026-03",
        mrrMinor: 149 + 124,
        activeSubscribers: 2,
        newSubscribers: 0,
        churnedVoluntary: 0,
        churnedFailedPayment: 0,
      },
    ]);
  });
});

describe("renewalSuccessByMonth and revenueByDay", () => {
  it("rates settled renewal attempts per month, ignoring attempts that charged nothing", () => {
    const months = monthBuckets(NOW, 2, TAIPEI);
    const attempts = [
      { status: "SUCCEEDED", settledAt: tp("2026-02-10T10:00:00") },
      { status: "DECLINED", settledAt: tp("2026-02-10T10:00:00") },
      { status: "REGKEY_DEAD", settledAt: tp("2026-02-11T10:00:00") },
      { status: "NOT_CHARGED", settledAt: tp("2026-02-12T10:00:00") },
      { status: "SUCCEEDED", settledAt: tp("2026-02-28T23:59:59") },
    ];
    expect(renewalSuccessByMonth(attempts, months)).toEqual([
      { month: "2026-02", charged: 2, failed: 2, rate: 0.5 },
      { month: "2026-03", charged: 0, failed: 0, rate: null },
    ]);
  });

  it("sums captured money minus refunds per Taipei day", () => {
    const days = dayBuckets(NOW, 2, TAIPEI);
    const captured = [
      { at: tp("2026-03-14T23:59:00"), amountMinor: 300 },
      { at: tp("2026-03-15T00:00:00"), amountMinor: 750 },
      { at: tp("2026-03-13T23:00:00"), amountMinor: 999 }, // before the window
    ];
    const refunded = [{ at: tp("2026-03-15T08:00:00"), amountMinor: 250 }];
    expect(revenueByDay(captured, refunded, days)).toEqual([
      { day: "2026-03-14", grossMinor: 300, refundedMinor: 0, netMinor: 300 },
      { day: "2026-03-15", grossMinor: 750, refundedMinor: 250, netMinor: 500 },
    ]);
  });
});
