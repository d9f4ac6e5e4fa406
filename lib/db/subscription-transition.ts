// The one rule for moving a subscription: compare-and-set on its status (and, when asked, on no
// runner holding it), liveKey released when it ends, then its history row and audit entry, all in
// the caller's transaction. Renewals, shopper and admin actions all move subscriptions through it.
import type { Transaction, Updateable } from "kysely";
import { assertSubscriptionTransition } from "@/lib/billing/subscription-status";
import type { SubscriptionStatus } from "@/lib/billing/subscription-status";
import { randomUUID } from "node:crypto";
import type { DB as Database, Subscription } from "./generated/kysely/postgres/database";
import { AppError } from "@/lib/errors/app-error";
import type { StatusReason } from "@/lib/billing/status-reason";
import { auditEntryRow } from "./audit-repository";
import { reasonColumns } from "./reason-columns";
import { enqueueSubscriptionNotice } from "./notice-outbox";
import { markRollupDirty } from "./rollup-queue";
import type { SubscriptionRecord } from "./subscription-record";

export type SqlTx = Transaction<Database>;

/** What a move may change besides the status (never the id, owner, plan or history). */
export type SubscriptionChanges = Omit<
  Updateable<Subscription>,
  "id" | "userId" | "planId" | "status" | "liveKey" | "createdAt" | "updatedAt"
>;

export interface SubscriptionTransition {
  id: string;
  from: SubscriptionStatus;
  to: SubscriptionStatus;
  actor: string;
  actorLabel?: string;
  reason: StatusReason;
  data?: SubscriptionChanges;
  /** Refuse (conflict) while a renewal runner holds the subscription at this instant. */
  unclaimedAt?: Date;
  /** Refuse (conflict) unless this holder has the subscription's claim (a plan change's charge). */
  heldBy?: string;
  /** A plan change: the plan the subscription moves to (its price and interval go in `data`). */
  planId?: string;
  /**
   * Record the move in the status history and the audit log under this action even when the
   * status stays the same (plan changes are kept with the status changes).
   */
  recordAs?: string;
  /** The audit entry's before/after beyond the status. */
  auditDetail?: { before: Record<string, unknown>; after: Record<string, unknown> };
  /** When it happened on the app's clock (the test clock in development); default: now. */
  at?: Date;
  /**
   * The caller refreshes the revenue rollup itself, after writing the rows it reads (a charge
   * outcome moves the subscription first, then its period and attempt).
   */
  refreshesRollupAfter?: boolean;
}

export class SubscriptionStateConflictError extends AppError {
  override name = "SubscriptionStateConflictError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "subscription_state_conflict" });
  }
}

/** Moves the status (or, with from === to, updates a subscription that stays in its status). */
export async function applySubscriptionTransition(
  tx: SqlTx,
  input: SubscriptionTransition,
  stamp: Date = input.at ?? new Date(),
): Promise<SubscriptionRecord> {
  if (input.from !== input.to) assertSubscriptionTransition(input.from, input.to);
  const unclaimedAt = input.unclaimedAt;
  const row = await tx
    .updateTable("Subscription")
    .set({
      ...input.data,
      ...(input.planId !== undefined ? { planId: input.planId } : {}),
      status: input.to,
      updatedAt: stamp,
      ...(input.to === "EXPIRED" ? { liveKey: null } : {}),
    })
    .where("id", "=", input.id)
    .where("status", "=", input.from)
    .$if(unclaimedAt !== undefined, (query) =>
      query.where((eb) =>
        eb.or([eb("claimUntil", "is", null), eb("claimUntil", "<", unclaimedAt ?? stamp)]),
      ),
    )
    .$if(input.heldBy !== undefined, (query) => query.where("claimedBy", "=", input.heldBy ?? ""))
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new SubscriptionStateConflictError(`Subscription ${input.id} is no longer ${input.from}`);
  // Its start, end, price and paid periods (written before the move) feed the revenue rollup.
  if (!input.refreshesRollupAfter) await markRollupDirty(tx, { subscriptionIds: [row.id] });
  if (input.from === input.to && !input.recordAs) return row;
  const changeId = randomUUID();
  await tx
    .insertInto("SubscriptionStatusChange")
    .values({
      id: changeId,
      subscriptionId: input.id,
      fromStatus: input.from,
      toStatus: input.to,
      actor: input.actor,
      ...reasonColumns(input.reason),
      createdAt: stamp,
    })
    .execute();
  await tx
    .insertInto("AuditEntry")
    .values(
      auditEntryRow(
        {
          actor: input.actor,
          actorLabel: input.actorLabel,
          action: input.recordAs ?? "subscription.status",
          targetType: "SUBSCRIPTION",
          targetId: input.id,
          reason: input.reason,
          before: { status: input.from, ...input.auditDetail?.before },
          after: { status: input.to, ...input.auditDetail?.after },
        },
        stamp,
      ),
    )
    .execute();
  await enqueueStatusNotice(tx, input, row, changeId, stamp);
  return row;
}

/** The shopper hears when a new approval is needed and when the subscription ends for good. */
async function enqueueStatusNotice(
  tx: SqlTx,
  input: SubscriptionTransition,
  row: SubscriptionRecord,
  changeId: string,
  stamp: Date,
): Promise<void> {
  if (input.from === input.to) return;
  if (input.to === "NEEDS_REBIND")
    await enqueueSubscriptionNotice(tx, "reapproval-needed", changeId, row, stamp);
  // A first payment that never went through ends nothing the shopper had.
  if (input.to === "EXPIRED" && input.from !== "INCOMPLETE")
    await enqueueSubscriptionNotice(tx, "subscription-ended", row.id, row, stamp);
}
