// The renewal hot path in typed SQL (Kysely on the Prisma client's connection): claim-and-read in
// one statement, the billing period and its new charge attempt in one transaction, and the charge
// outcome (attempt, period, renewal order, subscription) in one transaction through the same
// transition rules as every other subscription and order move.
import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import { canTransitionOrder, type OrderStatus } from "@/lib/billing/order-status";
import { CHARGE_NOT_APPLIED, type PurchasedPeriod } from "@/lib/billing/order-purchase";
import { providerOf, sqlOf, type Db } from "./client";
import type { BillingPeriod, ChargeAttempt } from "./generated/kysely/postgres/database";
import { auditEntryRow } from "./audit-repository";
import { enqueueSubscriptionNotice } from "./notice-outbox";
import { applyOrderTransition, newOrderRow } from "./order-transition";
import type { SubscriptionRecord } from "./subscription-record";
import {
  applySubscriptionTransition,
  type SqlTx,
  type SubscriptionTransition,
} from "./subscription-transition";
import { markRollupDirty } from "./rollup-queue";

export type BillingPeriodRecord = Selectable<BillingPeriod>;
export type ChargeAttemptRecord = Selectable<ChargeAttempt>;

/** More ids than this per claim would pass SQLite's 999 bind variables. */
export const MAX_CLAIM_IDS = 500;

/**
 * Takes the lease on those of `ids` that are due and unclaimed, in one statement, and returns them
 * as they now are; the others (no longer due, or another runner has them) are left out. A
 * conditional update, so two runners never both win a subscription. On Postgres the rows are
 * locked with SKIP LOCKED first, so two runners claiming overlapping sets neither wait nor deadlock.
 */
export async function claimSubscriptions(
  db: Db,
  ids: readonly string[],
  runnerId: string,
  now: Date,
  leaseMs: number,
): Promise<SubscriptionRecord[]> {
  if (ids.length === 0) return [];
  if (ids.length > MAX_CLAIM_IDS) {
    throw new RangeError(`At most ${MAX_CLAIM_IDS} subscriptions per claim, got ${ids.length}`);
  }
  const sql = sqlOf(db);
  const isPostgres = providerOf(db) === "postgres";
  return sql
    .updateTable("Subscription")
    .set({
      claimedBy: runnerId,
      claimUntil: new Date(now.getTime() + leaseMs),
      updatedAt: new Date(),
    })
    .where("id", "in", (eb) => {
      const claimable = eb
        .selectFrom("Subscription")
        .select("id")
        .where("id", "in", [...ids])
        .where("nextActionAt", "<=", now)
        .where((w) => w.or([w("claimUntil", "is", null), w("claimUntil", "<", now)]));
      return isPostgres ? claimable.forUpdate().skipLocked() : claimable;
    })
    .returningAll()
    .execute();
}

/** Who a renewal charge bills: its attempt's orderId for each sequence number, and the order's owner. */
export interface RenewalChargeOwner {
  orderIdFor: (sequence: number) => string;
  userId: string;
  planId: string;
  /** The subscription's payment provider: the renewal order is taken by the same one. */
  provider: string;
}

export interface OpenedCharge {
  period: BillingPeriodRecord;
  /** Attempts that existed before this call, oldest first. */
  attempts: ChargeAttemptRecord[];
  /** The PENDING attempt written now, or null when an earlier attempt must be settled first or no charge is wanted. */
  attempt: ChargeAttemptRecord | null;
}

/**
 * Finds or creates the billing period and, when `charge` is given and no earlier attempt is
 * PENDING or UNKNOWN, writes the next PENDING attempt with `charge.orderIdFor(sequence)`, and its
 * RENEWAL order, all in one transaction. The attempt row exists before LINE Pay is called.
 */
export async function openRenewalCharge(
  db: Db,
  input: PurchasedPeriod,
  charge: RenewalChargeOwner | null,
  /** The app's clock (the test clock in development): the period, attempt and order carry it. */
  at: Date = new Date(),
): Promise<OpenedCharge> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const stamp = at;
      // A write first: SQLite takes its write lock now rather than upgrading a read lock later.
      const created = await tx
        .insertInto("BillingPeriod")
        .values({ id: randomUUID(), ...input, status: "OPEN", createdAt: stamp, updatedAt: stamp })
        .onConflict((conflict) => conflict.columns(["subscriptionId", "periodIndex"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      const period =
        created ??
        (await tx
          .selectFrom("BillingPeriod")
          .selectAll()
          .where("subscriptionId", "=", input.subscriptionId)
          .where("periodIndex", "=", input.periodIndex)
          .executeTakeFirstOrThrow());
      const attempts = created
        ? []
        : await tx
            .selectFrom("ChargeAttempt")
            .selectAll()
            .where("periodId", "=", period.id)
            .orderBy("attemptNumber", "asc")
            .execute();
      const isUnsettled = attempts.some((a) => a.status === "PENDING" || a.status === "UNKNOWN");
      if (!charge || isUnsettled) return { period, attempts, attempt: null };
      const sequence = attempts.length + 1;
      const orderId = charge.orderIdFor(sequence);
      const money = { amountMinor: input.amountMinor, currency: input.currency };
      const attempt = await tx
        .insertInto("ChargeAttempt")
        .values({
          id: randomUUID(),
          periodId: period.id,
          attemptNumber: sequence,
          orderId,
          status: "PENDING",
          ...money,
          createdAt: stamp,
          updatedAt: stamp,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The charge is also an order (kind RENEWAL), so the back office lists and refunds it like any other.
      await tx
        .insertInto("Order")
        .values(
          newOrderRow(
            {
              orderId,
              userId: charge.userId,
              planId: charge.planId,
              provider: charge.provider,
              kind: "RENEWAL",
              subscriptionId: input.subscriptionId,
              ...money,
              status: "CONFIRMING",
            },
            stamp,
          ),
        )
        .execute();
      return { period, attempts, attempt };
    });
}

export interface ChargeOutcomeWrite {
  attempt: {
    id: string;
    status: "SUCCEEDED" | "DECLINED" | "REGKEY_DEAD" | "UNKNOWN";
    transactionId: string | null;
    returnCode: string | null;
    returnMessage: string | null;
    settledAt: Date | null;
    /** The period id when SUCCEEDED: unique, so a period can never be paid twice. */
    paidPeriodKey: string | null;
  } | null;
  period: { id: string; status: "PAID" | "UNPAID"; paidAt: Date | null } | null;
  transition: SubscriptionTransition;
  /** A charge that buys nothing (the subscription had ended): why, kept on its PAID order. */
  notApplied?: string;
}

/** Records a charge's outcome and moves the subscription, in one transaction. */
export async function recordChargeOutcome(
  db: Db,
  write: ChargeOutcomeWrite,
): Promise<SubscriptionRecord> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const stamp = write.transition.at ?? new Date();
      // The subscription first: its compare-and-set decides whether anything else is written.
      const subscription = await applySubscriptionTransition(
        tx,
        { ...write.transition, refreshesRollupAfter: true },
        stamp,
      );
      const { attempt, period, transition } = write;
      if (period) {
        await tx
          .updateTable("BillingPeriod")
          .set((eb) => ({
            status: period.status,
            paidAt: eb.fn.coalesce(eb.val(period.paidAt), "paidAt"),
            updatedAt: stamp,
          }))
          .where("id", "=", period.id)
          .execute();
      }
      const queuedOrderIds: string[] = [];
      if (attempt) {
        const { id, ...outcome } = attempt;
        await tx
          .updateTable("ChargeAttempt")
          .set({ ...outcome, updatedAt: stamp })
          .where("id", "=", id)
          .execute();
        const movedOrderId = await settleRenewalOrder(
          tx,
          attempt,
          transition,
          stamp,
          write.notApplied,
        );
        if (movedOrderId) queuedOrderIds.push(movedOrderId);
        const audit = auditEntryRow(
          {
            actor: transition.actor,
            action: "renewal.charge",
            targetType: "SUBSCRIPTION",
            targetId: transition.id,
            reason: transition.reason,
            before: { attemptId: id, subscriptionStatus: transition.from },
            after: {
              attemptId: id,
              attempt: attempt.status,
              transactionId: attempt.transactionId,
              returnCode: attempt.returnCode,
              subscriptionStatus: transition.to,
            },
          },
          stamp,
        );
        await tx.insertInto("AuditEntry").values(audit).execute();
        // A decline with retries left: tell the shopper when the next try is and how to fix it.
        if (attempt.status === "DECLINED" && transition.to === "PAST_DUE")
          await enqueueSubscriptionNotice(tx, "renewal-failed", id, subscription, stamp);
      }
      // After the period and attempt moved (the transitions above left it to this): one insert.
      await markRollupDirty(tx, { subscriptionIds: [transition.id], orderIds: queuedOrderIds });
      return subscription;
    });
}

/** The renewal order's status for an attempt outcome, and the statuses it may move from. */
export function renewalOrderMove(
  attemptStatus: NonNullable<ChargeOutcomeWrite["attempt"]>["status"],
): { to: OrderStatus; from: OrderStatus[] } {
  const to: OrderStatus =
    attemptStatus === "SUCCEEDED" ? "PAID" : attemptStatus === "UNKNOWN" ? "UNKNOWN" : "FAILED";
  return {
    to,
    from: (["CONFIRMING", "UNKNOWN"] as const).filter((from) => canTransitionOrder(from, to)),
  };
}

/** Moves the attempt's RENEWAL order with the outcome, if it may move; returns its id when moved. */
async function settleRenewalOrder(
  tx: SqlTx,
  attempt: NonNullable<ChargeOutcomeWrite["attempt"]>,
  transition: SubscriptionTransition,
  stamp: Date,
  notApplied: string | undefined,
): Promise<string | undefined> {
  const move = renewalOrderMove(attempt.status);
  const order = await tx
    .selectFrom("Order")
    .innerJoin("ChargeAttempt", "ChargeAttempt.orderId", "Order.orderId")
    .select(["Order.id", "Order.status"])
    .where("ChargeAttempt.id", "=", attempt.id)
    .executeTakeFirst();
  if (!order || !move.from.includes(order.status)) return undefined;
  const isPaid = move.to === "PAID";
  await applyOrderTransition(
    tx,
    {
      id: order.id,
      from: order.status,
      to: move.to,
      actor: transition.actor,
      reason: transition.reason,
      data: {
        ...(attempt.transactionId ? { transactionId: attempt.transactionId } : {}),
        ...(isPaid ? { paidAt: stamp } : {}),
        failureCode: isPaid ? (notApplied ? CHARGE_NOT_APPLIED : null) : attempt.returnCode,
        failureMessage: isPaid ? (notApplied ?? null) : attempt.returnMessage,
      },
      queuesRollupAfter: true,
    },
    stamp,
  );
  return order.id;
}
