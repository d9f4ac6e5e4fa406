// Revenue dashboard: its time buckets and the shapes of its figures. The figures come from a rollup
// per business day kept with every money move (lib/db/revenue-rollup.ts), read by
// lib/db/revenue-repository.ts.
// Definitions (shown on the dashboard too):
// - A subscription is active at an instant when one of its PAID billing periods covers it.
// - MRR at a month's end = the monthly value (yearly ÷ 12) of the subscriptions active then.
// - New in a month: first period started that month. Churned: ended (EXPIRED) that month, either
//   voluntary (someone cancelled) or failed payment (retries or re-bind ran out).
// - Renewal success rate: charged ÷ (charged + declined + regKey dead) of attempts settled that month.
// - Revenue per day: money captured (checkouts and renewals) minus refunds, by business day.
import { startOfLocalDay } from "./billing-period";

export interface Bucket {
  key: string; // "2026-11" or "2026-11-22"
  start: Date;
  end: Date;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `at` in `timeZone`, as "2026-11-22". */
export function localDay(at: Date, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(at);
}

/** The last `count` calendar months up to and including the one containing `now`, oldest first. */
export function monthBuckets(now: Date, count: number, timeZone: string): Bucket[] {
  const [year, month] = localDay(now, timeZone).split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const offset = count - 1 - i;
    const m = (((month - 1 - offset) % 12) + 12) % 12;
    const y = year + Math.floor((month - 1 - offset) / 12);
    const next = (m + 1) % 12;
    const nextYear = m === 11 ? y + 1 : y;
    const key = `${y}-${String(m + 1).padStart(2, "0")}`;
    return {
      key,
      start: startOfLocalDay(`${key}-01`, timeZone),
      end: startOfLocalDay(`${nextYear}-${String(next + 1).padStart(2, "0")}-01`, timeZone),
    };
  });
}

/** The last `count` business days up to and including today, oldest first. */
export function dayBuckets(now: Date, count: number, timeZone: string): Bucket[] {
  const today = startOfLocalDay(localDay(now, timeZone), timeZone);
  return Array.from({ length: count }, (_, i) => {
    // Noon-anchored stepping stays on the right day even across DST changes.
    const noon = new Date(today.getTime() - (count - 1 - i) * 86_400_000 + 12 * 3_600_000);
    const key = localDay(noon, timeZone);
    const start = startOfLocalDay(key, timeZone);
    const end = startOfLocalDay(
      localDay(new Date(noon.getTime() + 86_400_000), timeZone),
      timeZone,
    );
    return { key, start, end };
  });
}

/** The instant each month is measured at: the current month now, past months at their last instant. */
export function monthInstants(months: Bucket[], now: Date): Date[] {
  return months.map((month) => (month.end > now ? now : new Date(month.end.getTime() - 1)));
}

export interface MonthlySubscriptionMetrics {
  month: string;
  mrrMinor: number;
  activeSubscribers: number;
  newSubscribers: number;
  churnedVoluntary: number;
  churnedFailedPayment: number;
}

export interface RenewalSuccess {
  month: string;
  charged: number;
  failed: number;
  /** 0..1, or null when nothing was attempted that month. */
  rate: number | null;
}

export interface DailyRevenue {
  day: string;
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
}
