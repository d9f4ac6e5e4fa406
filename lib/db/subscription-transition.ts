// The one rule for moving a subscription: compare-and-set on its status (and, when asked, on no
// runner holding it), liveKey released when it ends, then its history row and audit entry, all in
// the caller's transaction. Renewals, shopper and admin actions all move subscriptions through it.
import type { Transaction, Updateable } from "kysely";
import { assertSubscriptionTransition } from "@/lib/billing/subscription-status";
import type { SubscriptionStatus } from "@/lib/billing/subscription-status";
import { randomUUID } from "node:crypto";
import type { DB as Database, Subscription } from "./generated/kysely/postgres/database";
import { AppError } from "@/lib/errors/app-error";
import { auditEntryRow } from "./audit-repository";
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
  reason: string;
  data?: SubscriptionChanges;
  /** Refuse (conflict) while a renewal runner holds the subscription at this instant. */
  unclaimedAt?: Date;
  /** When it happened on the app's clock (the test clock in development); default: now. */
  at?: Date;
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
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new SubscriptionStateConflictError(`Subscription ${input.id} is no longer ${input.from}`);
  if (input.from === input.to) return row;
  await tx
    .insertInto("SubscriptionStatusChange")
    .values({
      id: randomUUID(),
      subscriptionId: input.id,
      fromStatus: input.from,
      toStatus: input.to,
      actor: input.actor,
      reason: input.reason,
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
          action: "subscription.status",
          targetType: "SUBSCRIPTION",
          targetId: input.id,
          reason: input.reason,
          before: { status: input.from },
          after: { status: input.to },
        },
        stamp,
      ),
    )
    .execute();
  return row;
}
