import { describe, expect, it } from "vitest";
import {
  periodBounds,
  periodIndexAt,
  periodStart,
  scheduledPeriodBounds,
  type BillingInterval,
} from "@/lib/billing/billing-period";

const TAIPEI = "Asia/Taipei";
const NEW_YORK = "America/New_York";
const LONDON = "Europe/London";

/** Taipei wall-clock time (UTC+8, no DST) as an instant, written independently of the code under test. */
const taipei = (local: string) => new Date(`${local}+08:00`);

function starts(
  anchor: Date,
  interval: BillingInterval,
  count: number,
  timeZone = TAIPEI,
): string[] {
  return Array.from({ length: count }, (_, i) =>
    periodStart(anchor, interval, i, timeZone).toISOString(),
  );
}

function taipeiSeries(locals: string[]): string[] {
  return locals.map((local) => taipei(local).toISOString());
}

describe("monthly periods keep the anchor's day, clamped to short months", () => {
  it("a Jan 31 anchor visits every month end for 14 months, including Feb 29 2028", () => {
    const anchor = taipei("2027-01-31T10:00:00");
    expect(starts(anchor, "MONTH", 14)).toEqual(
      taipeiSeries([
        "2027-01-31T10:00:00",
        "2027-02-28T10:00:00",
        "2027-03-31T10:00:00", // back to the 31st: computed from the anchor, not from Feb 28
        "2027-04-30T10:00:00",
        "2027-05-31T10:00:00",
        "2027-06-30T10:00:00",
        "2027-07-31T10:00:00",
        "2027-08-31T10:00:00",
        "2027-09-30T10:00:00",
        "2027-10-31T10:00:00",
        "2027-11-30T10:00:00",
        "2027-12-31T10:00:00",
        "2028-01-31T10:00:00",
        "2028-02-29T10:00:00",
      ]),
    );
  });

  it("a Mar 31 anchor alternates between the 30th and 31st", () => {
    expect(starts(taipei("2026-03-31T09:00:00"), "MONTH", 6)).toEqual(
      taipeiSeries([
        "2026-03-31T09:00:00",
        "2026-04-30T09:00:00",
        "2026-05-31T09:00:00",
        "2026-06-30T09:00:00",
        "2026-07-31T09:00:00",
        "2026-08-31T09:00:00",
      ]),
    );
  });

  it("an Aug 31 anchor crosses the year and February", () => {
    expect(starts(taipei("2026-08-31T00:00:00"), "MONTH", 8)).toEqual(
      taipeiSeries([
        "2026-08-31T00:00:00",
        "2026-09-30T00:00:00",
        "2026-10-31T00:00:00",
        "2026-11-30T00:00:00",
        "2026-12-31T00:00:00",
        "2027-01-31T00:00:00",
        "2027-02-28T00:00:00",
        "2027-03-31T00:00:00",
      ]),
    );
  });

  it("day 30 only clamps in February (28 in common years, 29 in leap years)", () => {
    expect(starts(taipei("2026-01-30T12:00:00"), "MONTH", 3)).toEqual(
      taipeiSeries(["2026-01-30T12:00:00", "2026-02-28T12:00:00", "2026-03-30T12:00:00"]),
    );
    expect(starts(taipei("2028-01-30T12:00:00"), "MONTH", 3)).toEqual(
      taipeiSeries(["2028-01-30T12:00:00", "2028-02-29T12:00:00", "2028-03-30T12:00:00"]),
    );
  });

  it("day 29 clamps only in common-year Februaries", () => {
    expect(starts(taipei("2026-01-29T12:00:00"), "MONTH", 3)).toEqual(
      taipeiSeries(["2026-01-29T12:00:00", "2026-02-28T12:00:00", "2026-03-29T12:00:00"]),
    );
    expect(starts(taipei("2028-01-29T12:00:00"), "MONTH", 3)).toEqual(
      taipeiSeries(["2028-01-29T12:00:00", "2028-02-29T12:00:00", "2028-03-29T12:00:00"]),
    );
  });
});

describe("yearly periods", () => {
  it("a Feb 29 anchor renews on Feb 28 in common years and Feb 29 in leap years", () => {
    expect(starts(taipei("2028-02-29T12:00:00"), "YEAR", 9)).toEqual(
      taipeiSeries([
        "2028-02-29T12:00:00",
        "2029-02-28T12:00:00",
        "2030-02-28T12:00:00",
        "2031-02-28T12:00:00",
        "2032-02-29T12:00:00",
        "2033-02-28T12:00:00",
        "2034-02-28T12:00:00",
        "2035-02-28T12:00:00",
        "2036-02-29T12:00:00",
      ]),
    );
  });
});

describe("the local date and time decide, not UTC", () => {
  it("keeps the local time of day (2026-01-31T15:30Z is Jan 31 23:30 in Taipei)", () => {
    expect(starts(new Date("2026-01-31T15:30:00Z"), "MONTH", 3)).toEqual([
      "2026-01-31T15:30:00.000Z",
      "2026-02-28T15:30:00.000Z",
      "2026-03-31T15:30:00.000Z",
    ]);
  });

  it("an anchor on the 28th in UTC but the 1st in Taipei renews on the 1st (local)", () => {
    const anchor = new Date("2026-02-28T16:30:00Z"); // Mar 1 00:30 in Taipei
    expect(starts(anchor, "MONTH", 3)).toEqual(
      taipeiSeries(["2026-03-01T00:30:00", "2026-04-01T00:30:00", "2026-05-01T00:30:00"]),
    );
    // A UTC calendar would have said Mar 28 16:30Z, four local days early.
    expect(periodStart(anchor, "MONTH", 1, TAIPEI).toISOString()).not.toBe(
      "2026-03-28T16:30:00.000Z",
    );
  });

  it("an anchor on the 30th in UTC but the 31st in Taipei clamps to the local month end", () => {
    const anchor = new Date("2026-01-30T23:00:00Z"); // Jan 31 07:00 in Taipei
    expect(starts(anchor, "MONTH", 4)).toEqual(
      taipeiSeries([
        "2026-01-31T07:00:00",
        "2026-02-28T07:00:00",
        "2026-03-31T07:00:00",
        "2026-04-30T07:00:00",
      ]),
    );
  });

  it("the same instant follows a different calendar in another zone", () => {
    const anchor = new Date("2026-01-30T23:00:00Z"); // Jan 30 in UTC
    expect(periodStart(anchor, "MONTH", 1, "UTC").toISOString()).toBe("2026-02-28T23:00:00.000Z");
    expect(periodStart(anchor, "MONTH", 1, TAIPEI).toISOString()).toBe("2026-02-27T23:00:00.000Z");
  });

  it("keeps milliseconds", () => {
    const anchor = new Date("2026-05-15T01:02:03.456Z");
    expect(periodStart(anchor, "MONTH", 2, TAIPEI).toISOString()).toBe("2026-07-15T01:02:03.456Z");
  });
});

describe("daylight saving time", () => {
  it("America/New_York: keeps 09:00 local across the change (the UTC hour moves)", () => {
    expect(starts(new Date("2026-01-15T14:00:00Z"), "MONTH", 4, NEW_YORK)).toEqual([
      "2026-01-15T14:00:00.000Z", // 09:00 EST
      "2026-02-15T14:00:00.000Z",
      "2026-03-15T13:00:00.000Z", // 09:00 EDT
      "2026-04-15T13:00:00.000Z",
    ]);
  });

  it("America/New_York: a time skipped by spring-forward moves forward by the gap", () => {
    // Anchor Feb 8 02:30 EST; on Mar 8 2026 clocks jump 02:00 → 03:00, so 02:30 does not exist.
    expect(starts(new Date("2026-02-08T07:30:00Z"), "MONTH", 3, NEW_YORK)).toEqual([
      "2026-02-08T07:30:00.000Z",
      "2026-03-08T07:30:00.000Z", // 03:30 EDT
      "2026-04-08T06:30:00.000Z", // 02:30 EDT again once it exists
    ]);
  });

  it("America/New_York: a time repeated by fall-back uses the earlier instant", () => {
    // Anchor Oct 1 01:30 EDT; on Nov 1 2026 01:00–02:00 happens twice (EDT, then EST).
    expect(starts(new Date("2026-10-01T05:30:00Z"), "MONTH", 3, NEW_YORK)).toEqual([
      "2026-10-01T05:30:00.000Z",
      "2026-11-01T05:30:00.000Z", // 01:30 EDT, not 06:30Z (01:30 EST)
      "2026-12-01T06:30:00.000Z", // 01:30 EST
    ]);
  });

  it("period 0 is the anchor itself even in the second occurrence of a repeated hour", () => {
    const anchor = new Date("2026-11-01T06:30:00Z"); // 01:30 EST, the later of the two 01:30s
    expect(periodStart(anchor, "MONTH", 0, NEW_YORK)).toEqual(anchor);
    expect(periodStart(anchor, "MONTH", 1, NEW_YORK).toISOString()).toBe(
      "2026-12-01T06:30:00.000Z",
    );
    expect(periodIndexAt(anchor, "MONTH", anchor, NEW_YORK)).toBe(0);
  });

  it("Europe/London: spring-forward gap and fall-back ambiguity", () => {
    // BST starts Mar 29 2026 (01:00 GMT → 02:00 BST) and ends Oct 25 2026 (02:00 BST → 01:00 GMT).
    expect(starts(new Date("2026-01-29T01:30:00Z"), "MONTH", 4, LONDON)).toEqual([
      "2026-01-29T01:30:00.000Z",
      "2026-02-28T01:30:00.000Z",
      "2026-03-29T01:30:00.000Z", // 01:30 does not exist: 02:30 BST
      "2026-04-29T00:30:00.000Z", // 01:30 BST
    ]);
    expect(starts(new Date("2026-09-25T00:30:00Z"), "MONTH", 3, LONDON)).toEqual([
      "2026-09-25T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z", // 01:30 BST, the earlier 01:30
      "2026-11-25T01:30:00.000Z", // 01:30 GMT
    ]);
  });
});

describe("periodBounds", () => {
  it.each([
    ["MONTH", TAIPEI],
    ["YEAR", TAIPEI],
    ["MONTH", NEW_YORK],
    ["MONTH", LONDON],
  ] as const)(
    "chains %s periods in %s without gaps or overlaps for 36 periods",
    (interval, zone) => {
      const anchor = new Date("2026-01-31T06:30:00Z");
      for (let i = 0; i < 36; i++) {
        const current = periodBounds(anchor, interval, i, zone);
        const next = periodBounds(anchor, interval, i + 1, zone);
        expect(current.endsAt).toEqual(next.startsAt);
        expect(current.startsAt.getTime()).toBeLessThan(current.endsAt.getTime());
      }
    },
  );

  it("ends where the next period starts", () => {
    expect(periodBounds(taipei("2027-01-31T10:00:00"), "MONTH", 1, TAIPEI)).toEqual({
      startsAt: taipei("2027-02-28T10:00:00"),
      endsAt: taipei("2027-03-31T10:00:00"),
    });
  });
});

describe("periodIndexAt", () => {
  const anchor = taipei("2027-01-31T10:00:00");
  const at = (local: string) => periodIndexAt(anchor, "MONTH", taipei(local), TAIPEI);

  it("is -1 before the anchor and 0 from the anchor on", () => {
    expect(periodIndexAt(anchor, "MONTH", new Date(anchor.getTime() - 1), TAIPEI)).toBe(-1);
    expect(periodIndexAt(anchor, "MONTH", new Date("2000-01-01T00:00:00Z"), TAIPEI)).toBe(-1);
    expect(periodIndexAt(anchor, "MONTH", anchor, TAIPEI)).toBe(0);
  });

  it("switches exactly at each period start", () => {
    expect(at("2027-02-28T09:59:59.999")).toBe(0);
    expect(at("2027-02-28T10:00:00")).toBe(1);
    expect(at("2027-03-30T23:00:00")).toBe(1); // Mar 30 is still period 1: period 2 starts Mar 31
    expect(at("2027-03-31T10:00:00")).toBe(2);
    expect(at("2028-02-29T10:00:00")).toBe(13);
    expect(at("2028-02-29T09:59:59")).toBe(12);
  });

  it("agrees with periodStart for 120 months and 20 years, in zones with and without DST", () => {
    for (const zone of [TAIPEI, NEW_YORK, LONDON]) {
      for (const [interval, count] of [
        ["MONTH", 120],
        ["YEAR", 20],
      ] as const) {
        for (let i = 1; i < count; i++) {
          const start = periodStart(anchor, interval, i, zone);
          expect(periodIndexAt(anchor, interval, start, zone)).toBe(i);
          expect(periodIndexAt(anchor, interval, new Date(start.getTime() - 1), zone)).toBe(i - 1);
        }
      }
    }
  });

  it("counts yearly periods", () => {
    const leapAnchor = taipei("2028-02-29T12:00:00");
    expect(periodIndexAt(leapAnchor, "YEAR", taipei("2029-02-28T11:59:59"), TAIPEI)).toBe(0);
    expect(periodIndexAt(leapAnchor, "YEAR", taipei("2029-02-28T12:00:00"), TAIPEI)).toBe(1);
    expect(periodIndexAt(leapAnchor, "YEAR", taipei("2032-03-01T00:00:00"), TAIPEI)).toBe(4);
  });
});

describe("refuses bad input", () => {
  const anchor = taipei("2026-01-31T10:00:00");

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    "index %s",
    (index) => {
      expect(() => periodStart(anchor, "MONTH", index, TAIPEI)).toThrow(RangeError);
      expect(() => periodBounds(anchor, "MONTH", index, TAIPEI)).toThrow(RangeError);
    },
  );

  it("an index whose date cannot be represented", () => {
    expect(() => periodStart(anchor, "YEAR", Number.MAX_SAFE_INTEGER, TAIPEI)).toThrow(RangeError);
  });

  it("an unknown time zone", () => {
    expect(() => periodStart(anchor, "MONTH", 1, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => periodIndexAt(anchor, "MONTH", anchor, "Mars/Olympus_Mons")).toThrow(RangeError);
  });

  it("an invalid date or interval", () => {
    expect(() => periodStart(new Date(Number.NaN), "MONTH", 1, TAIPEI)).toThrow(RangeError);
    expect(() => periodIndexAt(anchor, "MONTH", new Date(Number.NaN), TAIPEI)).toThrow(RangeError);
    expect(() => periodStart(anchor, "WEEK" as BillingInterval, 1, TAIPEI)).toThrow(RangeError);
  });
});

describe("remembered day offsets (the cache behind the period arithmetic)", () => {
  // Zones with DST, half-hour DST (Lord Howe), a skipped day (Apia, Dec 2011), none (Taipei).
  const zones = [
    TAIPEI,
    NEW_YORK,
    LONDON,
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "America/Santiago",
    "Asia/Kathmandu",
  ];
  const HOUR = 3_600_000;

  /** The zone's wall clock at `epochMs`, read as if UTC, straight from Intl (no cache). */
  const formats = new Map(
    zones.map((timeZone) => [
      timeZone,
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      }),
    ]),
  );
  function intlWall(epochMs: number, timeZone: string): number {
    const parts = (formats.get(timeZone) as Intl.DateTimeFormat).formatToParts(epochMs);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(
      get("year"),
      get("month") - 1,
      get("day"),
      get("hour"),
      get("minute"),
      get("second"),
      ((epochMs % 1000) + 1000) % 1000,
    );
  }

  /** The anchor's wall clock moved by whole months, the day clamped to the month's length. */
  function targetWall(anchorMs: number, months: number, timeZone: string): number {
    const wall = new Date(intlWall(anchorMs, timeZone));
    const monthIndex = wall.getUTCMonth() + months;
    const year = wall.getUTCFullYear() + Math.floor(monthIndex / 12);
    const month = ((monthIndex % 12) + 12) % 12;
    const day = Math.min(wall.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
    return Date.UTC(
      year,
      month,
      day,
      wall.getUTCHours(),
      wall.getUTCMinutes(),
      wall.getUTCSeconds(),
      wall.getUTCMilliseconds(),
    );
  }

  it("over a thousand queries in DST zones, every period start reads the intended wall clock (Intl as the reference)", async () => {
    const fc = await import("fast-check");
    const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) });
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom<BillingInterval>("MONTH", "YEAR"),
        (at, zone, index, interval) => {
          const start = periodStart(new Date(at), interval, index, zone).getTime();
          const wanted = targetWall(at, index * (interval === "YEAR" ? 12 : 1), zone);
          const read = intlWall(start, zone);
          if (read === wanted) {
            // A repeated (fall-back) wall time resolves to its earlier instant.
            expect(intlWall(start - HOUR, zone)).not.toBe(wanted);
            expect(intlWall(start - HOUR / 2, zone)).not.toBe(wanted);
          } else {
            // Skipped by spring-forward: moved forward by exactly the gap.
            const gap =
              intlWall(start, zone) -
              start -
              (intlWall(wanted - 24 * HOUR, zone) - (wanted - 24 * HOUR));
            expect(gap).toBeGreaterThan(0);
            expect(read - wanted).toBe(gap);
          }
        },
      ),
      {
        numRuns: 1000,
        examples: [
          [Date.UTC(2021, 1, 14, 7, 30), NEW_YORK, 1, "MONTH"],
          [Date.UTC(2011, 10, 30, 10), "Pacific/Apia", 1, "MONTH"],
        ],
      },
    );
  }, 30_000);
});

describe("scheduledPeriodBounds", () => {
  it("counts periods from a moved anchor, keeping the month-end rule of the new anchor", () => {
    // Periods 0-2 ran on a Jan 15 anchor; 30 days bought in between moved period 3 to Apr 30.
    const schedule = {
      anchorAt: new Date("2027-04-30T02:00:00.000Z"),
      anchorPeriodIndex: 3,
      interval: "MONTH" as const,
    };
    expect(scheduledPeriodBounds(schedule, 3, TAIPEI)).toEqual({
      startsAt: new Date("2027-04-30T02:00:00.000Z"),
      endsAt: new Date("2027-05-30T02:00:00.000Z"),
    });
    expect(scheduledPeriodBounds(schedule, 5, TAIPEI).startsAt).toEqual(
      new Date("2027-06-30T02:00:00.000Z"),
    );
  });

  it("is periodBounds itself for a schedule that was never moved", () => {
    const anchorAt = new Date("2027-01-31T02:00:00.000Z");
    const schedule = { anchorAt, anchorPeriodIndex: 0, interval: "MONTH" as const };
    for (const index of [0, 1, 2, 13]) {
      expect(scheduledPeriodBounds(schedule, index, TAIPEI)).toEqual(
        periodBounds(anchorAt, "MONTH", index, TAIPEI),
      );
    }
  });

  it("refuses a period before the anchor period (it was computed on an older schedule)", () => {
    const schedule = { anchorAt: new Date(), anchorPeriodIndex: 4, interval: "YEAR" as const };
    expect(() => scheduledPeriodBounds(schedule, 3, TAIPEI)).toThrow(RangeError);
  });
});
