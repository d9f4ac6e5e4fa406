// Billing periods follow the business's local calendar, not UTC: a VIP bought on Jan 31 at 10:00
// in Taipei renews on the last day of each shorter month at 10:00 Taipei time. Every period is
// computed from the anchor (never from the previous period) so a Jan 31 anchor returns to Mar 31
// after Feb 28 instead of drifting to the 28th for ever.
//
// Asia/Taipei has had no daylight saving time since 1979, but the zone is configurable, so
// DST is handled explicitly: a local time skipped by spring-forward moves forward by the gap,
// and a local time repeated by fall-back resolves to the earlier instant.

export type BillingInterval = "MONTH" | "YEAR";

const MONTHS_PER_INTERVAL: Record<BillingInterval, number> = { MONTH: 1, YEAR: 12 };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Start of period `index` (0 = the anchor itself) for a subscription anchored at `anchor`. */
export function periodStart(
  anchor: Date,
  interval: BillingInterval,
  index: number,
  timeZone: string,
): Date {
  assertInstant(anchor, "anchor");
  const months = monthsPerInterval(interval);
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`Period index must be a non-negative safe integer, got ${index}`);
  }
  const local = toWallClock(anchor.getTime(), timeZone);
  // Period 0 is the anchor instant itself, even when it sits in a repeated fall-back hour
  // (converting its wall clock back would pick the earlier of the two instants).
  if (index === 0) return new Date(anchor.getTime());

  const monthIndex = local.month + index * months;
  const year = local.year + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const day = Math.min(local.day, daysInMonth(year, month));
  const wall = wallClockMs({ ...local, year, month, day });
  const start = Number.isFinite(wall) ? fromWallClock(wall, timeZone) : Number.NaN;
  if (!Number.isFinite(start) || Number.isNaN(new Date(start).getTime())) {
    throw new RangeError(
      `Period ${index} falls outside the range of dates this runtime can represent`,
    );
  }
  return new Date(start);
}

export function periodBounds(
  anchor: Date,
  interval: BillingInterval,
  index: number,
  timeZone: string,
): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: periodStart(anchor, interval, index, timeZone),
    endsAt: periodStart(anchor, interval, index + 1, timeZone),
  };
}

/** A subscription's schedule: period `anchorPeriodIndex` starts at `anchorAt`. */
export interface PeriodSchedule {
  anchorAt: Date;
  anchorPeriodIndex: number;
  interval: BillingInterval;
}

/** Bounds of a subscription's period `index`, counted on its schedule's calendar. */
export function scheduledPeriodBounds(
  schedule: PeriodSchedule,
  index: number,
  timeZone: string,
): { startsAt: Date; endsAt: Date } {
  if (index < schedule.anchorPeriodIndex) {
    throw new RangeError(
      `Period ${index} precedes the schedule's anchor period ${schedule.anchorPeriodIndex}`,
    );
  }
  return periodBounds(
    schedule.anchorAt,
    schedule.interval,
    index - schedule.anchorPeriodIndex,
    timeZone,
  );
}

/** Index of the period that contains `at` (the largest i with periodStart(i) <= at); -1 before the anchor. */
export function periodIndexAt(
  anchor: Date,
  interval: BillingInterval,
  at: Date,
  timeZone: string,
): number {
  assertInstant(anchor, "anchor");
  assertInstant(at, "at");
  const months = monthsPerInterval(interval);
  if (at.getTime() < anchor.getTime()) return -1;

  // Estimate from the wall-clock month difference, then walk: the estimate is off by at most one
  // (day-of-month clamping and DST shifts move a start by days or hours, never by a whole period).
  const from = toWallClock(anchor.getTime(), timeZone);
  const to = toWallClock(at.getTime(), timeZone);
  const monthsApart = (to.year - from.year) * 12 + (to.month - from.month);
  let index = Math.max(0, Math.floor(monthsApart / months));
  while (index > 0 && periodStart(anchor, interval, index, timeZone).getTime() > at.getTime())
    index--;
  while (periodStart(anchor, interval, index + 1, timeZone).getTime() <= at.getTime()) index++;
  return index;
}

/**
 * The instant a calendar day ("2026-02-28") begins in `timeZone`: how the back office reads a date
 * range, so "orders on the 28th" means the business's 28th, not UTC's.
 */
export function startOfLocalDay(isoDate: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match)
    throw new RangeError(`Expected a date like 2026-02-28, got ${JSON.stringify(isoDate)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  if (month < 0 || month > 11 || day < 1 || day > daysInMonth(year, month))
    throw new RangeError(`${isoDate} is not a calendar date`);
  formatterFor(timeZone); // an unknown zone throws RangeError here
  return new Date(
    fromWallClock(
      wallClockMs({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }),
      timeZone,
    ),
  );
}

interface WallClock {
  year: number;
  month: number; // 0-based, as in Date
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, which is the error we want callers to see.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23", // "h12"/"h24" would print midnight as 12 or 24
      era: "short", // years before 1 CE would otherwise be printed without a sign
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function toWallClock(epochMs: number, timeZone: string): WallClock {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) fields[part.type] = part.value;
  const yearOfEra = Number(fields.year);
  return {
    year: fields.era === "BC" || fields.era === "B" ? 1 - yearOfEra : yearOfEra,
    month: Number(fields.month) - 1,
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    // Intl prints whole seconds; zone offsets are whole seconds too, so the milliseconds carry over.
    millisecond: ((epochMs % 1000) + 1000) % 1000,
  };
}

/** The wall clock read as if it were UTC: a plain number to do offset arithmetic with. */
function wallClockMs(w: WallClock): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(w.year, w.month, w.day);
  date.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return date.getTime();
}

function exactOffsetAt(epochMs: number, timeZone: string): number {
  return wallClockMs(toWallClock(epochMs, timeZone)) - epochMs;
}

// Offsets of whole UTC days with no transition in them, per zone: Intl's formatToParts is the
// costliest step of a renewal's period arithmetic, and the same few days come up again and again.
const steadyDayOffsets = new Map<string, Map<number, number>>();
const MAX_STEADY_DAYS = 4096;

function offsetAt(epochMs: number, timeZone: string): number {
  const day = Math.floor(epochMs / DAY_MS);
  let days = steadyDayOffsets.get(timeZone);
  if (!days) steadyDayOffsets.set(timeZone, (days = new Map<number, number>()));
  const steady = days.get(day);
  if (steady !== undefined) return steady;
  const offset = exactOffsetAt(epochMs, timeZone);
  try {
    // The same offset at both ends of the day: no transition inside it, as zones change offset at
    // most once within two days (the assumption fromWallClock rests on too).
    const start = day * DAY_MS;
    if (
      exactOffsetAt(start, timeZone) === offset &&
      exactOffsetAt(start + DAY_MS - 1, timeZone) === offset
    ) {
      if (days.size >= MAX_STEADY_DAYS) days.clear();
      days.set(day, offset);
    }
  } catch {
    // A day at the edge of the representable range: not remembered.
  }
  return offset;
}

/**
 * The instant at which the clocks in `timeZone` read `wall`. Offsets a day either side bracket
 * any single transition (zones change offset at most once within two days), giving at most two
 * candidate instants.
 */
function fromWallClock(wall: number, timeZone: string): number {
  const offsetBefore = offsetAt(wall - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => offsetAt(instant, timeZone) === wall - instant,
  );
  // Both valid: a repeated fall-back time; the earlier instant is the one that comes first.
  if (candidates.length > 0) return Math.min(...candidates);
  // Neither valid: a spring-forward gap. Reading the time with the offset in force before the
  // jump lands the same distance past the transition as the gap is wide (02:30 → 03:30).
  return wall - offsetBefore;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month + 1, 0);
  return date.getUTCDate();
}

function monthsPerInterval(interval: BillingInterval): number {
  const months = MONTHS_PER_INTERVAL[interval];
  if (months === undefined) throw new RangeError(`Unknown billing interval ${String(interval)}`);
  return months;
}

function assertInstant(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}
