import { describe, expect, it } from "vitest";
import {
  classifyPlanChange,
  quoteUpgrade,
  termsForNextPeriod,
  unusedCredit,
  type PaidPeriod,
  type PlanTerms,
} from "@/lib/billing/plan-change";

const TAIPEI = "Asia/Taipei";
/** Taipei wall-clock time (UTC+8) as an instant, written independently of the code under test. */
const taipei = (local: string) => new Date(`${local}+08:00`);
const MINUTE = 60_000;

const monthly: PlanTerms = { priceMinor: 149, currency: "TWD", interval: "MONTH" };
const yearly: PlanTerms = { priceMinor: 1490, currency: "TWD", interval: "YEAR" };

/** A monthly period over February's month end: Jan 31 10:00 → Feb 28 10:00 (28 days). */
const february: PaidPeriod = {
  startsAt: taipei("2027-01-31T10:00:00"),
  endsAt: taipei("2027-02-28T10:00:00"),
  amountMinor: 149,
  currency: "TWD",
};

describe("classifyPlanChange", () => {
  it("calls a longer interval an upgrade and a shorter one a downgrade, whatever the price", () => {
    expect(classifyPlanChange(monthly, yearly)).toBe("upgrade");
    expect(classifyPlanChange(yearly, monthly)).toBe("downgrade");
    expect(classifyPlanChange(monthly, { ...yearly, priceMinor: 100 })).toBe("upgrade");
  });

  it("compares prices on the same interval, and sees no change in identical terms", () => {
    expect(classifyPlanChange(monthly, { ...monthly, priceMinor: 299 })).toBe("upgrade");
    expect(classifyPlanChange(monthly, { ...monthly, priceMinor: 99 })).toBe("downgrade");
    expect(classifyPlanChange(monthly, { ...monthly })).toBeNull();
  });
});

describe("unusedCredit", () => {
  it("credits the whole amount at the first instant of the period", () => {
    expect(unusedCredit(february, february.startsAt)).toBe(149);
  });

  it("rounds up in the shopper's favour in the period's first minute", () => {
    // 40,319 of 40,320 minutes left: 148.996… → NT$149.
    expect(unusedCredit(february, new Date(february.startsAt.getTime() + MINUTE))).toBe(149);
  });

  it("still credits a whole dollar in the period's last minute", () => {
    // 1 of 40,320 minutes left: 0.0037 → NT$1.
    expect(unusedCredit(february, new Date(february.endsAt.getTime() - MINUTE))).toBe(1);
  });

  it("credits nothing once the period is over, and everything before it starts", () => {
    expect(unusedCredit(february, february.endsAt)).toBe(0);
    expect(unusedCredit(february, taipei("2027-03-15T00:00:00"))).toBe(0);
    expect(unusedCredit(february, taipei("2027-01-01T00:00:00"))).toBe(149);
  });

  it("rounds a fraction up: half of a NT$149 month is NT$75", () => {
    expect(unusedCredit(february, taipei("2027-02-14T10:00:00"))).toBe(75);
  });

  it("is exact on a year: a third of NT$1,490 left is NT$497 (496.67 rounded up)", () => {
    const year: PaidPeriod = {
      startsAt: taipei("2027-01-01T00:00:00"),
      endsAt: taipei("2027-12-31T00:00:00"), // 364 days, so a third is a whole number of ms
      amountMinor: 1490,
      currency: "TWD",
    };
    const twoThirds = new Date(year.startsAt.getTime() + ((364 * 2) / 3) * 24 * 60 * MINUTE);
    expect(unusedCredit(year, twoThirds)).toBe(497);
  });

  it("refuses a period that does not move forward", () => {
    expect(() =>
      unusedCredit({ ...february, endsAt: february.startsAt }, february.startsAt),
    ).toThrow(RangeError);
  });
});

describe("quoteUpgrade", () => {
  it("charges the yearly price less the credit and starts a year from now", () => {
    const now = taipei("2027-02-14T10:00:00");
    const quote = quoteUpgrade({ current: february, target: yearly, now, timeZone: TAIPEI });
    expect(quote).toEqual({
      kind: "charge_now",
      creditMinor: 75,
      chargeMinor: 1415,
      currency: "TWD",
      newPeriod: { startsAt: now, endsAt: taipei("2028-02-14T10:00:00") },
      nextRenewal: { at: taipei("2028-02-14T10:00:00"), amountMinor: 1490 },
    });
  });

  it("in the period's last minute the credit is NT$1 and the new period starts that minute", () => {
    const now = new Date(february.endsAt.getTime() - MINUTE);
    const quote = quoteUpgrade({ current: february, target: yearly, now, timeZone: TAIPEI });
    expect(quote).toMatchObject({ kind: "charge_now", creditMinor: 1, chargeMinor: 1489 });
    if (quote.kind !== "charge_now") throw new Error("expected a charge");
    expect(quote.newPeriod.endsAt).toEqual(taipei("2028-02-28T09:59:00"));
  });

  it("re-anchors a month-end upgrade on the new plan's calendar (Jan 31 → Feb 28/29)", () => {
    const now = taipei("2028-01-31T12:00:00");
    const current = {
      ...february,
      startsAt: taipei("2028-01-15T12:00:00"),
      endsAt: taipei("2028-02-15T12:00:00"),
    };
    const quote = quoteUpgrade({
      current,
      target: { ...monthly, priceMinor: 299 },
      now,
      timeZone: TAIPEI,
    });
    if (quote.kind !== "charge_now") throw new Error("expected a charge");
    expect(quote.newPeriod.endsAt).toEqual(taipei("2028-02-29T12:00:00"));
  });

  it("does not charge when the credit is larger than the new price: the change waits", () => {
    const year: PaidPeriod = {
      startsAt: taipei("2027-01-01T00:00:00"),
      endsAt: taipei("2028-01-01T00:00:00"),
      amountMinor: 1490,
      currency: "TWD",
    };
    const quote = quoteUpgrade({
      current: year,
      target: { priceMinor: 999, currency: "TWD", interval: "YEAR" },
      now: taipei("2027-02-01T00:00:00"),
      timeZone: TAIPEI,
    });
    expect(quote).toEqual({ kind: "credit_covers_price", creditMinor: 1364, currency: "TWD" });
  });

  it("a credit exactly equal to the price charges nothing either", () => {
    const quote = quoteUpgrade({
      current: { ...february, amountMinor: 1490 },
      target: yearly,
      now: february.startsAt,
      timeZone: TAIPEI,
    });
    expect(quote.kind).toBe("credit_covers_price");
  });

  it("offers nothing once the paid period is over, and refuses mixed currencies", () => {
    expect(
      quoteUpgrade({ current: february, target: yearly, now: february.endsAt, timeZone: TAIPEI }),
    ).toEqual({ kind: "period_over" });
    expect(() =>
      quoteUpgrade({
        current: february,
        target: { ...yearly, currency: "USD" },
        now: february.startsAt,
        timeZone: TAIPEI,
      }),
    ).toThrow(RangeError);
  });
});

describe("termsForNextPeriod", () => {
  const current = { amountMinor: 1490, interval: "YEAR" as const };
  it("renews on the current plan when nothing is pending", () => {
    expect(
      termsForNextPeriod({
        ...current,
        pendingPlanId: null,
        pendingAmountMinor: null,
        pendingInterval: null,
      }),
    ).toEqual({ amountMinor: 1490, interval: "YEAR", isPlanChange: false });
  });

  it("renews on the pending plan's price and interval when a downgrade waits", () => {
    expect(
      termsForNextPeriod({
        ...current,
        pendingPlanId: "plan-monthly",
        pendingAmountMinor: 149,
        pendingInterval: "MONTH",
      }),
    ).toEqual({ amountMinor: 149, interval: "MONTH", isPlanChange: true });
  });
});
