// The shopper's open checkout of a plan, one at a time: Order.checkoutKey ("userId:planId") is a
// unique column, so two taps at once write one order, and a tap while that order is PENDING within
// LINE Pay's payment window gets it back instead of a new one. A later checkout releases the key
// from an order that is done or too old; nothing else has to clear it.
import { isDriverAdapterError } from "@prisma/driver-adapter-utils";
import { sqlOf, type Db } from "./client";
import type { OrderRecord } from "./order-repository";
import { newOrderRow } from "./order-transition";

export interface NewCheckoutOrder {
  orderId: string;
  userId: string;
  planId: string;
  amountMinor: number;
  currency: string;
  kind: "ONE_TIME" | "SUBSCRIPTION_START";
  subscriptionId?: string;
  provider: string;
}

export type CheckoutOrderClaim =
  | { kind: "created"; order: OrderRecord }
  /** The shopper's order from an earlier tap, still PENDING and younger than `freshSince`. */
  | { kind: "reused"; order: OrderRecord };

export function checkoutKeyFor(userId: string, planId: string): string {
  return `${userId}:${planId}`;
}

/** The order holding the key, when it is still PENDING, created at or after `freshSince`. */
export async function findReusableCheckoutOrder(
  db: Db,
  key: string,
  freshSince: Date,
): Promise<OrderRecord | null> {
  return db.order.findFirst({
    where: { checkoutKey: key, status: "PENDING", createdAt: { gte: freshSince } },
  });
}

/**
 * Reuses the key's order while it is open and fresh, else writes `order` PENDING under the key.
 * `match` says whether an open order is one the shopper may be sent back to (same amount, same
 * subscription); one that does not match is released like a stale one.
 */
export async function claimCheckoutOrder(
  db: Db,
  input: {
    order: NewCheckoutOrder;
    now: Date;
    freshSince: Date;
    match: (order: OrderRecord) => boolean;
  },
): Promise<CheckoutOrderClaim> {
  const key = checkoutKeyFor(input.order.userId, input.order.planId);
  // Each round is a handful of single-statement compare-and-sets; a lost race means another tap
  // wrote or finished the holder in between, and the next round sees it.
  const sql = sqlOf(db);
  // The first tap's insert succeeds at once (one statement on the checkout path); only when the
  // key is taken is its holder read, and reused, or released when done or too old.
  for (let round = 0; round < 5; round++) {
    try {
      const row = newOrderRow({ ...input.order, status: "PENDING" }, input.now);
      const order = await sql
        .insertInto("Order")
        .values({ ...row, checkoutKey: key })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { kind: "created", order };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const holder = await sql
      .selectFrom("Order")
      .selectAll()
      .where("checkoutKey", "=", key)
      .executeTakeFirst();
    if (!holder) continue; // released in between: insert again
    const isOpen = holder.status === "PENDING" && holder.createdAt >= input.freshSince;
    if (isOpen && input.match(holder)) return { kind: "reused", order: holder };
    await sql
      .updateTable("Order")
      .set({ checkoutKey: null })
      .where("id", "=", holder.id)
      .where("checkoutKey", "=", key)
      .where("updatedAt", "=", holder.updatedAt)
      .execute();
  }
  throw new Error(`Could not claim the checkout of ${key}: the key kept changing hands`);
}

export async function findOrderById(db: Db, id: string): Promise<OrderRecord | null> {
  return db.order.findUnique({ where: { id } });
}

/** A unique index refused the write (the driver adapter's error, the same for both databases). */
function isUniqueViolation(error: unknown): boolean {
  return isDriverAdapterError(error) && error.cause.kind === "UniqueConstraintViolation";
}
