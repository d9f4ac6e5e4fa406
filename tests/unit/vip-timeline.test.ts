import { describe, expect, it } from "vitest";
import {
  nextPeriodStart,
  ownedTimeEnd,
  placeFirstPeriod,
  placePass,
  scheduleAfterOwnedTime,
  shiftAfterTakeBack,
  takeBackWindow,
  type TimelineSubscription,
} from "@/lib/billing/vip-timeline";

const TAIPEI = "Asia/Taipei";
const DAY_MS = 24 * 60 * 60 * 1000;
// 10:00 in Taipei on Jan 31, 2027: a month end, so monthly periods clamp to shorter months.
const now = new Date("2027-01-31T02:00:00.000Z");
const at = (iso: string) => new Date(iso);

function monthly(overrides: Partial<TimelineSubscription> = {}): TimelineSubscription {
  return {
    status: "ACTIVE",
    interval: "MONTH",
    currentPeriodIndex: 0,
    currentPeriodEnd: at("2027-02-28T02:00:00.000Z"),
    anchorAt: now,
    anchorPeriodIndex: 0,
    ...overrides,
  };
}

describe("the time a shopper owns", () => {
  it("is the latest paid end after now, from passes and paid subscription periods", () => {
    const owned = {
      passEnds: [at("2027-02-10T00:00:00.000Z"), at("2027-01-01T00:00:00.000Z")],
      subscriptions: [monthly()],
    };
    expect(ownedTimeEnd(owned, now)).toEqual(at("2027-02-28T02:00:00.000Z"));
  });

  it("is null when everything ended, and never counts an ended or unpaid subscription", () => {
    const owned = {
      passEnds: [at("2027-01-01T00:00:00.000Z")],
      subscriptions: [monthly({ status: "EXPIRED" }), monthly({ status: "INCOMPLETE" })],
    };
    expect(ownedTimeEnd(owned, now)).toBeNull();
  });
});

describe("placing what is bought", () => {
  it("a pass starts now when nothing is owned, and lasts exactly its days", () => {
    const window = placePass(now, null, 30);
    expect(window).toEqual({ startsAt: now, endsAt: new Date(now.getTime() + 30 * DAY_MS) });
  });

  it("a pass bought while time is owned starts where that time ends", () => {
    const ownedEnd = at("2027-02-28T02:00:00.000Z");
    expect(placePass(now, ownedEnd, 30)).toEqual({
      startsAt: ownedEnd,
      endsAt: at("2027-03-30T02:00:00.000Z"),
    });
  });

  it("refuses a pass of no days", () => {
    expect(() => placePass(now, null, 0)).toThrow(RangeError);
    expect(() => placePass(now, null, 1.5)).toThrow(RangeError);
  });

  it("a first period starts where owned time ends, on the month-end calendar from there", () => {
    // A pass owned until Jan 31 10:00 Taipei: the monthly subscription's first period runs to
    // Feb 28 (the shorter month clamps), then Mar 31 returns to the 31st.
    const passEnd = at("2027-01-31T02:00:00.000Z");
    const first = placeFirstPeriod(at("2027-01-05T00:00:00.000Z"), passEnd, "MONTH", TAIPEI);
    expect(first).toEqual({ startsAt: passEnd, endsAt: at("2027-02-28T02:00:00.000Z") });
    expect(placeFirstPeriod(now, null, "YEAR", TAIPEI)).toEqual({
      startsAt: now,
      endsAt: at("2028-01-31T02:00:00.000Z"),
    });
  });
});

describe("a subscription's schedule after time was bought", () => {
  it("moves the next period of an active subscription to the end of the owned time", () => {
    const ownedEnd = at("2027-03-30T02:00:00.000Z");
    expect(scheduleAfterOwnedTime(monthly(), ownedEnd, TAIPEI)).toEqual({
      anchorAt: ownedEnd,
      anchorPeriodIndex: 1,
      nextActionAt: ownedEnd,
    });
    const moved = { ...monthly(), anchorAt: ownedEnd, anchorPeriodIndex: 1 };
    expect(nextPeriodStart(moved, TAIPEI)).toEqual(ownedEnd);
  });

  it("keeps a cancelled subscription's next action (its end) but moves its schedule for a resume", () => {
    const ownedEnd = at("2027-03-30T02:00:00.000Z");
    expect(scheduleAfterOwnedTime(monthly({ status: "CANCELED" }), ownedEnd, TAIPEI)).toEqual({
      anchorAt: ownedEnd,
      anchorPeriodIndex: 1,
    });
  });

  it("leaves a schedule that already starts after the owned time, and ended subscriptions", () => {
    const ownedEnd = at("2027-02-28T02:00:00.000Z");
    expect(scheduleAfterOwnedTime(monthly(), ownedEnd, TAIPEI)).toBeNull();
    const later = at("2027-05-01T00:00:00.000Z");
    expect(scheduleAfterOwnedTime(monthly({ status: "EXPIRED" }), later, TAIPEI)).toBeNull();
    expect(scheduleAfterOwnedTime(monthly({ anchorAt: null }), later, TAIPEI)).toBeNull();
  });
});

describe("a full refund takes back time", () => {
  const year = { startsAt: now, endsAt: new Date(now.getTime() + 365 * DAY_MS) };

  it("takes back a running window from now, and later time moves earlier by as much", () => {
    const refundAt = new Date(now.getTime() + 10 * DAY_MS);
    const takeBack = takeBackWindow(year, refundAt);
    expect(takeBack).toEqual({ endsAt: refundAt, from: year.endsAt, removedMs: 355 * DAY_MS });
    // The 30-day pass stacked after the year now starts at the refund.
    const laterPass = {
      startsAt: year.endsAt,
      endsAt: new Date(year.endsAt.getTime() + 30 * DAY_MS),
    };
    expect(shiftAfterTakeBack(laterPass.startsAt, takeBack)).toEqual(refundAt);
    expect(shiftAfterTakeBack(laterPass.endsAt, takeBack)).toEqual(
      new Date(refundAt.getTime() + 30 * DAY_MS),
    );
    // Time before the refunded window does not move.
    expect(shiftAfterTakeBack(now, takeBack)).toBe(now);
    expect(shiftAfterTakeBack(null, takeBack)).toBeNull();
  });

  it("takes back all of a window that has not started", () => {
    const takeBack = takeBackWindow(year, new Date(now.getTime() - DAY_MS));
    expect(takeBack.endsAt).toEqual(year.startsAt);
    expect(takeBack.removedMs).toBe(365 * DAY_MS);
  });

  it("takes back nothing of a window already used up", () => {
    const takeBack = takeBackWindow(year, new Date(year.endsAt.getTime() + DAY_MS));
    expect(takeBack).toEqual({ endsAt: year.endsAt, from: year.endsAt, removedMs: 0 });
    const after = new Date(year.endsAt.getTime() + 5 * DAY_MS);
    expect(shiftAfterTakeBack(after, takeBack)).toBe(after);
  });
});
