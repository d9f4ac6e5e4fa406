// An upgrade's prorated charge, made with the stored regKey like a renewal: the subscription is
// claimed and the PLAN_CHANGE order written (CONFIRMING, deterministic orderId) in one transaction
// before LINE Pay is called; the outcome moves the order and, only when charged, the subscription
// (a compare-and-set on the claim), in another. A second click or tab finds the claim taken.
import { randomUUID } from "node:crypto";
import {
  findOwnedTimeEnd,
  lockShopperTimeline,
  movePassesLater,
  moveSchedulesAfter,
} from "./vip-timeline-repository";
import type { BillingInterval } from "@/lib/billing/billing-period";
import { sqlOf, type Db } from "./client";
import { applyOrderTransition, newOrderRow, type OrderRow } from "./order-transition";
import type { SubscriptionRecord } from "./subscription-record";
import { applySubscriptionTransition, type SqlTx } from "./subscription-transition";
import type { StatusReason } from "@/lib/billing/status-reason";
import { statusReason } from "@/lib/billing/status-reason";

export interface UpgradeChargeInput {
  subscriptionId: string;
  userId: string;
  /** The state the quote was made on: the claim is refused if the subscription moved since. */
  fromPlanId: string;
  fromPeriodIndex: number;
  toPlanId: string;
  amountMinor: number;
  currency: string;
  provider: string;
  now: Date;
  /** The claim lasts until then while LINE Pay is called. */
  claimUntil: Date;
}

export type OpenedUpgrade =
  | { kind: "opened"; order: OrderRow }
  /** Another request (tab, click, renewal runner) holds the subscription, or it changed. */
  | { kind: "busy" }
  /** A plan change charge whose outcome is not known yet: settle it before anything else. */
  | { kind: "unsettled"; order: OrderRow };

const OPEN_STATUSES = ["CONFIRMING", "UNKNOWN"] as const;

/** Who holds the subscription while its upgrade order is open: the order itself. */
export function upgradeHolder(orderRowId: string): string {
  return `plan-change:${orderRowId}`;
}

/** The upgrade charge's merchant orderId: the same subscription, period and try give the same id. */
export function upgradeOrderId(subscriptionId: string, periodIndex: number, sequence: number) {
  return `CHG-${subscriptionId}-${periodIndex}-${sequence}`;
}

export async function openUpgradeCharge(db: Db, input: UpgradeChargeInput): Promise<OpenedUpgrade> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const stamp = new Date();
      const orderRowId = randomUUID();
      const claimed = await tx
        .updateTable("Subscription")
        .set({
          claimedBy: upgradeHolder(orderRowId),
          claimUntil: input.claimUntil,
          updatedAt: stamp,
        })
        .where("id", "=", input.subscriptionId)
        .where("userId", "=", input.userId)
        .where("status", "=", "ACTIVE")
        .where("planId", "=", input.fromPlanId)
        .where("currentPeriodIndex", "=", input.fromPeriodIndex)
        .where((eb) => eb.or([eb("claimUntil", "is", null), eb("claimUntil", "<", input.now)]))
        .returning("id")
        .executeTakeFirst();
      if (!claimed) return { kind: "busy" };
      const earlier = await tx
        .selectFrom("Order")
        .selectAll()
        .where("subscriptionId", "=", input.subscriptionId)
        .where("kind", "=", "PLAN_CHANGE")
        .execute();
      const open = earlier.find((order) =>
        (OPEN_STATUSES as readonly string[]).includes(order.status),
      );
      if (open) return { kind: "unsettled", order: open };
      const prefix = upgradeOrderId(input.subscriptionId, input.fromPeriodIndex, 0).slice(0, -1);
      const sequence = earlier.filter((order) => order.orderId.startsWith(prefix)).length + 1;
      const order = await tx
        .insertInto("Order")
        .values(
          newOrderRow(
            {
              id: orderRowId,
              orderId: upgradeOrderId(input.subscriptionId, input.fromPeriodIndex, sequence),
              userId: input.userId,
              planId: input.toPlanId,
              provider: input.provider,
              kind: "PLAN_CHANGE",
              subscriptionId: input.subscriptionId,
              amountMinor: input.amountMinor,
              currency: input.currency,
              status: "CONFIRMING",
            },
            stamp,
          ),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return { kind: "opened", order };
    });
}

/** The new plan the subscription moves to when the upgrade is charged. */
export interface UpgradeTerms {
  planId: string;
  amountMinor: number;
  interval: BillingInterval;
  periodIndex: number;
  startsAt: Date;
  endsAt: Date;
}

export type UpgradeOutcome =
  | { kind: "charged"; transactionId: string; terms: UpgradeTerms }
  | { kind: "declined"; code: string | null; message: string | null }
  | { kind: "unknown"; code: string | null; message: string | null; verifyUntil: Date };

export interface UpgradeOutcomeWrite {
  subscription: Omit<SubscriptionRecord, "regKeyCiphertext">;
  order: Pick<OrderRow, "id" | "status">;
  actor: string;
  reason: StatusReason;
  outcome: UpgradeOutcome;
  now: Date;
  /** The business time zone, for the subscription's schedule after time stacked behind it. */
  timeZone: string;
}

/**
 * Records the charge's outcome in one transaction. Charged: the order is PAID, the new period PAID
 * by it, and the subscription moved to the new plan, re-anchored at the new period's start (a
 * compare-and-set on the claim). Declined: the order FAILED, the claim released, nothing else
 * moves. Unknown: the order UNKNOWN and the claim kept until it is settled by orderId.
 */
export async function recordUpgradeOutcome(
  db: Db,
  write: UpgradeOutcomeWrite,
): Promise<SubscriptionRecord> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const stamp = new Date();
      const { outcome, subscription: s } = write;
      const base = { id: s.id, from: "ACTIVE" as const, to: "ACTIVE" as const, actor: write.actor };
      if (outcome.kind === "charged") {
        const { terms } = outcome;
        await moveOrder(tx, write, "PAID", stamp, {
          transactionId: outcome.transactionId,
          paidAt: write.now,
        });
        await tx
          .insertInto("BillingPeriod")
          .values({
            id: randomUUID(),
            subscriptionId: s.id,
            periodIndex: terms.periodIndex,
            startsAt: terms.startsAt,
            endsAt: terms.endsAt,
            amountMinor: terms.amountMinor,
            currency: s.currency,
            status: "PAID",
            paidAt: write.now,
            paidByOrderId: write.order.id,
            createdAt: stamp,
            updatedAt: stamp,
          })
          .execute();
        // The new period ends later than the old one: VIP time stacked after the old end (passes)
        // moves later by as much, and the next period then starts after it (one VIP timeline).
        await lockShopperTimeline(tx, s.userId);
        if (s.currentPeriodEnd && terms.endsAt > s.currentPeriodEnd) {
          const byMs = terms.endsAt.getTime() - s.currentPeriodEnd.getTime();
          await movePassesLater(tx, { userId: s.userId, from: s.currentPeriodEnd, byMs });
        }
        const upgraded = await applySubscriptionTransition(
          tx,
          {
            ...base,
            reason: write.reason,
            heldBy: upgradeHolder(write.order.id),
            planId: terms.planId,
            recordAs: "subscription.plan_change",
            auditDetail: {
              before: { planId: s.planId, amountMinor: s.amountMinor, interval: s.interval },
              after: {
                planId: terms.planId,
                amountMinor: terms.amountMinor,
                interval: terms.interval,
                orderId: write.order.id,
              },
            },
            data: {
              amountMinor: terms.amountMinor,
              interval: terms.interval,
              anchorAt: terms.startsAt,
              anchorPeriodIndex: terms.periodIndex,
              currentPeriodIndex: terms.periodIndex,
              currentPeriodStart: terms.startsAt,
              currentPeriodEnd: terms.endsAt,
              nextActionAt: terms.endsAt,
              graceUntil: null,
              ...NO_PENDING_CHANGE,
              claimedBy: null,
              claimUntil: null,
            },
          },
          stamp,
        );
        const ownedEnd = await findOwnedTimeEnd(tx, s.userId, write.now);
        if (!ownedEnd) return upgraded;
        const moveInput = {
          userId: s.userId,
          ownedEnd,
          timeZone: write.timeZone,
          actor: write.actor,
          reason: statusReason("subscription.passes_moved"),
        };
        await moveSchedulesAfter(tx, moveInput, stamp);
        return tx
          .selectFrom("Subscription")
          .selectAll()
          .where("id", "=", s.id)
          .executeTakeFirstOrThrow();
      }
      const failure = { failureCode: outcome.code, failureMessage: outcome.message };
      if (outcome.kind === "declined") {
        await moveOrder(tx, write, "FAILED", stamp, failure);
        return applySubscriptionTransition(
          tx,
          {
            ...base,
            reason: write.reason,
            heldBy: upgradeHolder(write.order.id),
            data: { claimedBy: null, claimUntil: null },
          },
          stamp,
        );
      }
      if (write.order.status !== "UNKNOWN") await moveOrder(tx, write, "UNKNOWN", stamp, failure);
      return applySubscriptionTransition(
        tx,
        {
          ...base,
          reason: write.reason,
          heldBy: upgradeHolder(write.order.id),
          data: { claimUntil: outcome.verifyUntil },
        },
        stamp,
      );
    });
}

export const NO_PENDING_CHANGE = {
  pendingPlanId: null,
  pendingAmountMinor: null,
  pendingInterval: null,
  pendingChangeAt: null,
} as const;

async function moveOrder(
  tx: SqlTx,
  write: UpgradeOutcomeWrite,
  to: "PAID" | "FAILED" | "UNKNOWN",
  stamp: Date,
  data: Parameters<typeof applyOrderTransition>[1]["data"],
): Promise<void> {
  const from = write.order.status === "UNKNOWN" ? "UNKNOWN" : "CONFIRMING";
  await applyOrderTransition(
    tx,
    { id: write.order.id, from, to, actor: write.actor, reason: write.reason, data },
    stamp,
  );
}

/** The PLAN_CHANGE order of a subscription still waiting for LINE Pay's answer, if any. */
export async function findOpenUpgradeCharge(db: Db, subscriptionId: string) {
  return sqlOf(db)
    .selectFrom("Order")
    .selectAll()
    .where("subscriptionId", "=", subscriptionId)
    .where("kind", "=", "PLAN_CHANGE")
    .where("status", "in", [...OPEN_STATUSES])
    .executeTakeFirst();
}
