// The shopper's VIP timeline in the database: the passes (Entitlement rows) and subscriptions whose
// paid time the rules of lib/billing/vip-timeline.ts place one after another. Every change is made
// inside the caller's transaction after `lockShopperTimeline`, so two payments (or a payment and a
// refund) of one shopper are placed one after the other, never both at the same end.
import type { Kysely } from "kysely";
import {
  ownedTimeEnd,
  scheduleAfterOwnedTime,
  shiftAfterTakeBack,
  takeBackWindow,
  type TakeBack,
  type TimelineSubscription,
} from "@/lib/billing/vip-timeline";
import { auditEntryRow } from "./audit-repository";
import { sqlOf, type Db } from "./client";
import { scheduledPeriodBounds } from "@/lib/billing/billing-period";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { applySubscriptionTransition, type SqlTx } from "./subscription-transition";
import { markRollupDirty } from "./rollup-queue";
import type { StatusReason } from "@/lib/billing/status-reason";
import { statusReason } from "@/lib/billing/status-reason";

const TIMELINE_STATUSES = ["ACTIVE", "CANCELED", "PAST_DUE", "NEEDS_REBIND"] as const;

/**
 * Serialises timeline changes for one shopper: a write to their user row takes its row lock in
 * PostgreSQL and the write lock in SQLite, so the reads that follow see every earlier placement.
 */
export async function lockShopperTimeline(tx: SqlTx, userId: string): Promise<void> {
  await tx
    .updateTable("User")
    .set((eb) => ({ updatedAt: eb.ref("updatedAt") }))
    .where("id", "=", userId)
    .execute();
}

interface OwnedTime {
  passEnds: Date[];
  subscriptions: (TimelineSubscription & { id: string })[];
}

async function readOwnedTime(
  sql: Kysely<Database>,
  userId: string,
  now: Date,
  excludeSubscriptionId?: string,
): Promise<OwnedTime> {
  const passes = await sql
    .selectFrom("Entitlement")
    .select("endsAt")
    .where("userId", "=", userId)
    .where("endsAt", ">", now)
    .execute();
  const subscriptions = await sql
    .selectFrom("Subscription")
    .select([
      "id",
      "status",
      "interval",
      "currentPeriodIndex",
      "currentPeriodEnd",
      "anchorAt",
      "anchorPeriodIndex",
    ])
    .where("userId", "=", userId)
    .where("status", "in", TIMELINE_STATUSES)
    .$if(excludeSubscriptionId !== undefined, (q) =>
      q.where("id", "!=", excludeSubscriptionId ?? ""),
    )
    .execute();
  return { passEnds: passes.map((p) => p.endsAt), subscriptions };
}

/** When the paid VIP time the shopper owns ends (null when none is left after `now`). */
export async function findOwnedTimeEnd(
  sqlOrDb: SqlTx | Db,
  userId: string,
  now: Date,
  excludeSubscriptionId?: string,
): Promise<Date | null> {
  const sql = "$transaction" in sqlOrDb ? sqlOf(sqlOrDb) : sqlOrDb;
  return ownedTimeEnd(await readOwnedTime(sql, userId, now, excludeSubscriptionId), now);
}

/**
 * After time up to `ownedEnd` was bought, every subscription whose next unpaid period would start
 * earlier moves it to start at `ownedEnd` (a pass bought during a subscription pushes its renewal
 * back by the pass's days instead of overlapping it).
 */
export async function moveSchedulesAfter(
  tx: SqlTx,
  input: { userId: string; ownedEnd: Date; timeZone: string; actor: string; reason: StatusReason },
  stamp: Date,
): Promise<void> {
  const { subscriptions } = await readOwnedTime(tx, input.userId, stamp);
  for (const subscription of subscriptions) {
    const move = scheduleAfterOwnedTime(subscription, input.ownedEnd, input.timeZone);
    if (!move) continue;
    await tx
      .updateTable("Subscription")
      .set({ ...move, updatedAt: stamp })
      .where("id", "=", subscription.id)
      .where("currentPeriodIndex", "=", subscription.currentPeriodIndex)
      .execute();
    const before = {
      anchorAt: subscription.anchorAt,
      anchorPeriodIndex: subscription.anchorPeriodIndex,
    };
    await auditScheduleMove(
      tx,
      { ...whoAndWhy(input), subscriptionId: subscription.id, before, after: move },
      stamp,
    );
    await markRollupDirty(tx, { subscriptionIds: [subscription.id] });
  }
}

const whoAndWhy = (input: { actor: string; actorLabel?: string; reason: StatusReason }) => ({
  actor: input.actor,
  actorLabel: input.actorLabel,
  reason: input.reason,
});

async function auditScheduleMove(
  tx: SqlTx,
  entry: {
    actor: string;
    actorLabel?: string;
    reason: StatusReason;
    subscriptionId: string;
    before: unknown;
    after: unknown;
  },
  stamp: Date,
): Promise<void> {
  const { subscriptionId, ...rest } = entry;
  await tx
    .insertInto("AuditEntry")
    .values(
      auditEntryRow(
        {
          ...rest,
          action: "subscription.schedule.moved",
          targetType: "SUBSCRIPTION",
          targetId: subscriptionId,
        },
        stamp,
      ),
    )
    .execute();
}

/**
 * Moves everything of the shopper's timeline that started at or after `takeBack.from` earlier by
 * the time a full refund took back: later passes, a subscription period that starts later, and a
 * subscription's next period and next action.
 */
export async function moveTimelineEarlier(
  tx: SqlTx,
  input: { userId: string; takeBack: TakeBack; actor: string; reason: StatusReason },
  stamp: Date,
): Promise<void> {
  const { takeBack } = input;
  if (takeBack.removedMs === 0) return;
  const shift = <T extends Date | null>(instant: T) => shiftAfterTakeBack(instant, takeBack);
  const laterPasses = await tx
    .selectFrom("Entitlement")
    .select(["id", "startsAt", "endsAt"])
    .where("userId", "=", input.userId)
    .where("startsAt", ">=", takeBack.from)
    .execute();
  for (const pass of laterPasses) {
    await tx
      .updateTable("Entitlement")
      .set({ startsAt: shift(pass.startsAt), endsAt: shift(pass.endsAt) })
      .where("id", "=", pass.id)
      .execute();
  }
  const subscriptions = await tx
    .selectFrom("Subscription")
    .select([
      "id",
      "anchorAt",
      "currentPeriodIndex",
      "currentPeriodStart",
      "currentPeriodEnd",
      "nextActionAt",
      "graceUntil",
    ])
    .where("userId", "=", input.userId)
    .where("status", "in", TIMELINE_STATUSES)
    .execute();
  for (const s of subscriptions) {
    // A current period moves whole or not at all (only one that starts after the refunded time).
    const periodMoves = shift(s.currentPeriodStart) !== s.currentPeriodStart;
    const moved = {
      anchorAt: shift(s.anchorAt),
      currentPeriodStart: shift(s.currentPeriodStart),
      currentPeriodEnd: periodMoves ? shift(s.currentPeriodEnd) : s.currentPeriodEnd,
      nextActionAt: shift(s.nextActionAt),
      graceUntil: shift(s.graceUntil),
    };
    if (Object.entries(moved).every(([key, value]) => value === s[key as keyof typeof moved]))
      continue;
    await tx
      .updateTable("Subscription")
      .set({ ...moved, updatedAt: stamp })
      .where("id", "=", s.id)
      .execute();
    const periods = await tx
      .selectFrom("BillingPeriod")
      .select(["id", "startsAt", "endsAt"])
      .where("subscriptionId", "=", s.id)
      .where("startsAt", ">=", takeBack.from)
      .execute();
    for (const period of periods) {
      await tx
        .updateTable("BillingPeriod")
        .set({ startsAt: shift(period.startsAt), endsAt: shift(period.endsAt), updatedAt: stamp })
        .where("id", "=", period.id)
        .execute();
    }
    const before = { anchorAt: s.anchorAt, currentPeriodStart: s.currentPeriodStart };
    const after = { anchorAt: moved.anchorAt, currentPeriodStart: moved.currentPeriodStart };
    await auditScheduleMove(
      tx,
      { ...whoAndWhy(input), subscriptionId: s.id, before, after },
      stamp,
    );
    await markRollupDirty(tx, { subscriptionIds: [s.id] });
  }
}

/**
 * A full refund takes back the time its order bought from `now` on: a pass ends now (or never
 * starts), a subscription whose paid period still runs ends now (its regKey is released by the
 * renewal engine's next run), and everything placed after that time moves earlier. A period or
 * pass already used up is not taken back. Partial refunds never come here: they keep the time.
 */
export async function takeBackRefundedTime(
  tx: SqlTx,
  order: {
    id: string;
    orderId: string;
    userId: string;
    kind: string;
    subscriptionId: string | null;
  },
  input: { now: Date; actor: string; actorLabel?: string; reason: StatusReason },
): Promise<void> {
  await lockShopperTimeline(tx, order.userId);
  const { now } = input;
  const { reason } = input;
  if (order.kind === "ONE_TIME") {
    const pass = await tx
      .selectFrom("Entitlement")
      .select(["id", "startsAt", "endsAt"])
      .where("orderId", "=", order.id)
      .executeTakeFirst();
    if (!pass) return;
    const takeBack = takeBackWindow(pass, now);
    if (takeBack.removedMs === 0) return;
    await tx
      .updateTable("Entitlement")
      .set({ endsAt: takeBack.endsAt })
      .where("id", "=", pass.id)
      .execute();
    await moveTimelineEarlier(tx, { ...input, userId: order.userId, takeBack, reason }, now);
    return;
  }
  const period = await findPeriodPaidBy(tx, order);
  if (!period) return;
  const takeBack = takeBackWindow(period, now);
  if (takeBack.removedMs === 0) return;
  const subscription = await tx
    .selectFrom("Subscription")
    .select(["id", "status", "currentPeriodIndex"])
    .where("id", "=", period.subscriptionId)
    .executeTakeFirstOrThrow();
  if (subscription.status !== "EXPIRED" && subscription.status !== "INCOMPLETE") {
    await applySubscriptionTransition(
      tx,
      {
        id: subscription.id,
        from: subscription.status,
        to: "EXPIRED",
        actor: input.actor,
        actorLabel: input.actorLabel,
        reason: statusReason("subscription.refunded_ends", {
          period: period.periodIndex + 1,
          why: input.reason,
        }),
        // The renewal engine releases the stored regKey at its next run (nextActionAt now).
        data: { endedAt: now, nextActionAt: now, graceUntil: null },
      },
      now,
    );
  }
  await moveTimelineEarlier(tx, { ...input, userId: order.userId, takeBack, reason }, now);
}

/**
 * Moves the shopper's passes that start at or after `from` later by `byMs`: a plan upgrade's new
 * period ends later than the one it replaced, and the passes stacked after it follow.
 */
export async function movePassesLater(
  tx: SqlTx,
  input: { userId: string; from: Date; byMs: number },
): Promise<void> {
  const later = await tx
    .selectFrom("Entitlement")
    .select(["id", "startsAt", "endsAt"])
    .where("userId", "=", input.userId)
    .where("startsAt", ">=", input.from)
    .execute();
  for (const pass of later) {
    await tx
      .updateTable("Entitlement")
      .set({
        startsAt: new Date(pass.startsAt.getTime() + input.byMs),
        endsAt: new Date(pass.endsAt.getTime() + input.byMs),
      })
      .where("id", "=", pass.id)
      .execute();
  }
}

/** The billing period an order paid: a checkout order directly, a renewal through its attempt. */
async function findPeriodPaidBy(
  tx: Kysely<Database>,
  order: { id: string; orderId: string },
): Promise<{ subscriptionId: string; periodIndex: number; startsAt: Date; endsAt: Date } | null> {
  const columns = ["subscriptionId", "periodIndex", "startsAt", "endsAt"] as const;
  const direct = await tx
    .selectFrom("BillingPeriod")
    .select(columns)
    .where("paidByOrderId", "=", order.id)
    .executeTakeFirst();
  if (direct) return direct;
  const viaAttempt = await tx
    .selectFrom("ChargeAttempt")
    .innerJoin("BillingPeriod", "BillingPeriod.id", "ChargeAttempt.periodId")
    .select(columns.map((c) => `BillingPeriod.${c}` as const))
    .where("ChargeAttempt.orderId", "=", order.orderId)
    .where("ChargeAttempt.status", "=", "SUCCEEDED")
    .executeTakeFirst();
  return viaAttempt ?? null;
}

/** One stretch of the shopper's VIP timeline, as the account page lists it. */
export interface VipTimelineEntry {
  /** A pass, a paid subscription period, or the subscription's next (unpaid) period. */
  kind: "pass" | "period" | "next-period";
  plan: { code: string; name: string };
  startsAt: Date;
  endsAt: Date;
  /** Subscription periods: 1 for the first, as shoppers and admins number them. */
  periodNumber: number | null;
  amountMinor: number;
  currency: string;
}

/** The shopper's VIP time from now on, in order: passes, paid periods and the next renewal. */
export async function listVipTimeline(
  db: Db,
  userId: string,
  now: Date,
  timeZone: string,
): Promise<VipTimelineEntry[]> {
  const sql = sqlOf(db);
  const passes = await sql
    .selectFrom("Entitlement")
    .innerJoin("Order", "Order.id", "Entitlement.orderId")
    .innerJoin("Plan", "Plan.id", "Order.planId")
    .select([
      "Entitlement.startsAt",
      "Entitlement.endsAt",
      "Plan.code",
      "Plan.name",
      "Order.amountMinor",
      "Order.currency",
    ])
    .where("Entitlement.userId", "=", userId)
    .where("Entitlement.endsAt", ">", now)
    .execute();
  const subscriptions = await sql
    .selectFrom("Subscription")
    .innerJoin("Plan", "Plan.id", "Subscription.planId")
    .select([
      "Subscription.status",
      "Subscription.interval",
      "Subscription.currentPeriodIndex",
      "Subscription.currentPeriodStart",
      "Subscription.currentPeriodEnd",
      "Subscription.anchorAt",
      "Subscription.anchorPeriodIndex",
      "Subscription.amountMinor",
      "Subscription.currency",
      "Plan.code",
      "Plan.name",
    ])
    .where("Subscription.userId", "=", userId)
    .where("Subscription.status", "in", TIMELINE_STATUSES)
    .execute();
  const entries: VipTimelineEntry[] = passes.map((p) => ({
    kind: "pass",
    plan: { code: p.code, name: p.name },
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    periodNumber: null,
    amountMinor: p.amountMinor,
    currency: p.currency,
  }));
  for (const s of subscriptions) {
    const plan = { code: s.code, name: s.name };
    const money = { amountMinor: s.amountMinor, currency: s.currency };
    if (s.currentPeriodStart && s.currentPeriodEnd && s.currentPeriodEnd > now) {
      entries.push({
        kind: "period",
        plan,
        startsAt: s.currentPeriodStart,
        endsAt: s.currentPeriodEnd,
        periodNumber: s.currentPeriodIndex + 1,
        ...money,
      });
    }
    if (s.status === "ACTIVE" && s.anchorAt) {
      const next = s.currentPeriodIndex + 1;
      const bounds = scheduledPeriodBounds({ ...s, anchorAt: s.anchorAt }, next, timeZone);
      entries.push({ kind: "next-period", plan, ...bounds, periodNumber: next + 1, ...money });
    }
  }
  return entries.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The subscription period an order paid (start, re-approval or renewal), or null. */
export async function findPeriodPaidByOrder(
  db: Db,
  order: { id: string; orderId: string },
): Promise<{ periodIndex: number; startsAt: Date; endsAt: Date } | null> {
  return findPeriodPaidBy(sqlOf(db), order);
}
