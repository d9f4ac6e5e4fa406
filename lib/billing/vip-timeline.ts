// One VIP timeline per shopper. Every paid pass or subscription period is placed after the time the
// shopper already owns (or starts now when none is left), so no payment buys time already owned, and
// a subscription's next unpaid period starts after that time too. A full refund takes back the time
// its payment bought from now on; everything placed after it moves earlier by as much, so refunding
// the first of two stacked passes leaves exactly the second one's days.
import { periodBounds, scheduledPeriodBounds, type BillingInterval } from "./billing-period";
import type { SubscriptionStatus } from "./subscription-status";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TimeWindow {
  startsAt: Date;
  endsAt: Date;
}

/** A subscription as the timeline sees it: its paid current period and its schedule. */
export interface TimelineSubscription {
  status: SubscriptionStatus;
  interval: BillingInterval;
  currentPeriodIndex: number;
  currentPeriodEnd: Date | null;
  anchorAt: Date | null;
  anchorPeriodIndex: number;
}

/** Statuses whose current period is paid time the shopper owns (grace time is not paid). */
function holdsPaidPeriod(status: SubscriptionStatus): boolean {
  return (
    status === "ACTIVE" ||
    status === "CANCELED" ||
    status === "PAST_DUE" ||
    status === "NEEDS_REBIND"
  );
}

/** The end of the paid time the shopper owns after `now`, or null when none is left. */
export function ownedTimeEnd(
  owned: { passEnds: readonly Date[]; subscriptions: readonly TimelineSubscription[] },
  now: Date,
): Date | null {
  const ends = [
    ...owned.passEnds,
    ...owned.subscriptions.flatMap((s) =>
      holdsPaidPeriod(s.status) && s.currentPeriodEnd ? [s.currentPeriodEnd] : [],
    ),
  ];
  const latest = Math.max(now.getTime(), ...ends.map((end) => end.getTime()));
  return latest > now.getTime() ? new Date(latest) : null;
}

/** Where newly bought time starts: at the end of the time owned, or now. */
export function startOfNewTime(now: Date, ownedEnd: Date | null): Date {
  return ownedEnd && ownedEnd > now ? ownedEnd : now;
}

/** The window a pass of `durationDays` covers when bought now. */
export function placePass(now: Date, ownedEnd: Date | null, durationDays: number): TimeWindow {
  if (!Number.isInteger(durationDays) || durationDays <= 0) {
    throw new RangeError("durationDays must be a positive integer");
  }
  const startsAt = startOfNewTime(now, ownedEnd);
  return { startsAt, endsAt: new Date(startsAt.getTime() + durationDays * DAY_MS) };
}

/** The first period of a subscription paid now: it starts where the time owned ends. */
export function placeFirstPeriod(
  now: Date,
  ownedEnd: Date | null,
  interval: BillingInterval,
  timeZone: string,
): TimeWindow {
  return periodBounds(startOfNewTime(now, ownedEnd), interval, 0, timeZone);
}

/** When the subscription's next (unpaid) period starts on its schedule, or null before the first. */
export function nextPeriodStart(subscription: TimelineSubscription, timeZone: string): Date | null {
  const { anchorAt } = subscription;
  if (!anchorAt) return null;
  const next = subscription.currentPeriodIndex + 1;
  return scheduledPeriodBounds({ ...subscription, anchorAt }, next, timeZone).startsAt;
}

export interface ScheduleMove {
  anchorAt: Date;
  anchorPeriodIndex: number;
  /** Only for an ACTIVE subscription, whose next action is charging that next period. */
  nextActionAt?: Date;
}

/**
 * The subscription's schedule once time up to `ownedEnd` is owned: its next unpaid period moves to
 * start there (null when it already starts at or after it). A cancelled one keeps its end of the
 * current period as next action; the move matters if it is resumed.
 */
export function scheduleAfterOwnedTime(
  subscription: TimelineSubscription,
  ownedEnd: Date,
  timeZone: string,
): ScheduleMove | null {
  if (!holdsPaidPeriod(subscription.status)) return null;
  const next = nextPeriodStart(subscription, timeZone);
  if (!next || next >= ownedEnd) return null;
  return {
    anchorAt: ownedEnd,
    anchorPeriodIndex: subscription.currentPeriodIndex + 1,
    ...(subscription.status === "ACTIVE" ? { nextActionAt: ownedEnd } : {}),
  };
}

/** What a full refund takes back of the window its payment bought: the part from now on. */
export interface TakeBack {
  /** The refunded window's new end (its old end when nothing is left to take back). */
  endsAt: Date;
  /** Time that started at or after this instant (the old end) moves earlier... */
  from: Date;
  /** ...by this much; 0 when the window was already used up. */
  removedMs: number;
}

export function takeBackWindow(window: TimeWindow, now: Date): TakeBack {
  const cut = Math.max(now.getTime(), window.startsAt.getTime());
  const removedMs = Math.max(0, window.endsAt.getTime() - cut);
  return {
    endsAt: removedMs > 0 ? new Date(cut) : window.endsAt,
    from: window.endsAt,
    removedMs,
  };
}

/** An instant after a take-back: at or after `from` it moves earlier by the time removed. */
export function shiftAfterTakeBack<T extends Date | null>(instant: T, takeBack: TakeBack): T {
  if (instant === null || takeBack.removedMs === 0) return instant;
  if (instant.getTime() < takeBack.from.getTime()) return instant;
  return new Date(instant.getTime() - takeBack.removedMs) as T;
}

/** What buying a plan now would cover, shown before the shopper pays. */
export type PurchaseQuote =
  | { kind: "pass"; covers: TimeWindow }
  /** A subscription: its first period is charged now; it renews when that period ends. */
  | { kind: "subscription"; covers: TimeWindow; renewsAt: Date };

export function quotePurchase(
  plan: { durationDays: number; billingInterval: BillingInterval | null },
  now: Date,
  ownedEnd: Date | null,
  timeZone: string,
): PurchaseQuote {
  if (!plan.billingInterval)
    return { kind: "pass", covers: placePass(now, ownedEnd, plan.durationDays) };
  const covers = placeFirstPeriod(now, ownedEnd, plan.billingInterval, timeZone);
  return { kind: "subscription", covers, renewsAt: covers.endsAt };
}

/**
 * When a subscription upgraded now first renews: at the new period's end, or, when time was stacked
 * after the old period (passes), after that time, which moves later by as much as the period grew.
 */
export function renewalAfterUpgrade(
  ownedEnd: Date | null,
  oldPeriodEnd: Date,
  newPeriodEnd: Date,
): Date {
  if (!ownedEnd || ownedEnd <= oldPeriodEnd) return newPeriodEnd;
  return new Date(ownedEnd.getTime() + (newPeriodEnd.getTime() - oldPeriodEnd.getTime()));
}
