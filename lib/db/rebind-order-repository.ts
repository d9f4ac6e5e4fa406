// Re-approval ("approve LINE Pay again") orders. A subscription names the one re-bind order that may
// pay it (Subscription.rebindOrderId, unique): opening a new one is a compare-and-set on that column
// that expires the older PENDING order in the same transaction, and confirming claims the order
// (PENDING -> CONFIRMING) only while the subscription is NEEDS_REBIND and still names it, also in one
// transaction. So two re-approvals can never both be charged for one period.
import { sqlOf, type Db } from "./client";
import { applyOrderTransition, newOrderRow, OrderStateConflictError } from "./order-transition";
import type { OrderRecord } from "./order-repository";
import { SubscriptionStateConflictError } from "./subscription-transition";
import type { StatusReason } from "@/lib/billing/status-reason";
import { statusReason } from "@/lib/billing/status-reason";

/** The re-bind order being confirmed (or whose confirm answer was lost) blocks a new one. */
export class RebindInFlightError extends SubscriptionStateConflictError {
  override name = "RebindInFlightError";
}

export interface NewRebindOrder {
  orderId: string;
  userId: string;
  planId: string;
  amountMinor: number;
  currency: string;
  subscriptionId: string;
  provider: string;
  /** When it is written on the app's clock (the test clock in development). */
  createdAt: Date;
}

/**
 * Writes a PENDING re-bind order and makes it the subscription's only payable re-bind order. The
 * order it replaces is expired if still PENDING (its LINE Pay approval, if the shopper still gives
 * it, is never confirmed); one already being confirmed refuses with RebindInFlightError.
 */
export async function openRebindOrder(
  db: Db,
  input: NewRebindOrder,
  actor: string,
): Promise<OrderRecord> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const { createdAt: stamp, ...fields } = input;
      const subscription = await tx
        .selectFrom("Subscription")
        .select(["status", "rebindOrderId"])
        .where("id", "=", input.subscriptionId)
        .executeTakeFirst();
      if (subscription?.status !== "NEEDS_REBIND")
        throw new SubscriptionStateConflictError("The subscription no longer needs a re-approval");
      const previousId = subscription.rebindOrderId;
      const order = await tx
        .insertInto("Order")
        .values(newOrderRow({ ...fields, kind: "SUBSCRIPTION_REBIND", status: "PENDING" }, stamp))
        .returningAll()
        .executeTakeFirstOrThrow();
      const named = await tx
        .updateTable("Subscription")
        .set({ rebindOrderId: order.id, updatedAt: stamp })
        .where("id", "=", input.subscriptionId)
        .where("status", "=", "NEEDS_REBIND")
        .where((eb) =>
          previousId === null
            ? eb("rebindOrderId", "is", null)
            : eb("rebindOrderId", "=", previousId),
        )
        .executeTakeFirst();
      if (Number(named.numUpdatedRows) !== 1)
        throw new RebindInFlightError("Another re-approval was started at the same moment");
      // Every older re-bind order still PENDING is superseded (orders from before this column
      // existed included), so an older payment page can never be confirmed.
      const older = await tx
        .selectFrom("Order")
        .select(["id", "status"])
        .where("subscriptionId", "=", input.subscriptionId)
        .where("kind", "=", "SUBSCRIPTION_REBIND")
        .where("id", "!=", order.id)
        .where("status", "in", ["PENDING", "CONFIRMING", "UNKNOWN"])
        .execute();
      for (const previous of older) {
        if (previous.status !== "PENDING")
          throw new RebindInFlightError("An earlier re-approval is being confirmed");
        await applyOrderTransition(
          tx,
          {
            id: previous.id,
            from: "PENDING",
            to: "EXPIRED",
            actor,
            reason: statusReason("subscription.rebind_superseded"),
          },
          stamp,
        ).catch((error: unknown) => {
          throw error instanceof OrderStateConflictError
            ? new RebindInFlightError("An earlier re-approval is being confirmed")
            : error;
        });
      }
      return order;
    });
}

/**
 * Claims a re-bind order for its confirm: PENDING -> CONFIRMING only while its subscription is
 * NEEDS_REBIND and names this order (the row is updated, so Postgres locks it and SQLite writes
 * one at a time). Returns false, changing nothing, when the subscription no longer waits for it.
 */
export async function claimRebindOrder(
  db: Db,
  input: {
    orderRowId: string;
    subscriptionId: string;
    actor: string;
    reason: StatusReason;
    at?: Date;
  },
): Promise<boolean> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const stamp = input.at ?? new Date();
      const locked = await tx
        .updateTable("Subscription")
        .set({ updatedAt: stamp })
        .where("id", "=", input.subscriptionId)
        .where("status", "=", "NEEDS_REBIND")
        .where("rebindOrderId", "=", input.orderRowId)
        .executeTakeFirst();
      if (Number(locked.numUpdatedRows) !== 1) return false;
      await applyOrderTransition(
        tx,
        {
          id: input.orderRowId,
          from: "PENDING",
          to: "CONFIRMING",
          actor: input.actor,
          reason: input.reason,
        },
        stamp,
      );
      return true;
    });
}
