// Rows of the bank collection flows (SinoPac): an ATM order's virtual account, and the tokens the
// bank hands back, recorded before a notification is acknowledged so none is lost.
import { randomUUID } from "node:crypto";
import { sqlOf, type Db } from "./client";
import type { OrderRecord } from "./order-repository";
import { enqueueTransferNotice } from "./transfer-notices";

/**
 * Gives a PENDING order its virtual account and, in the same transaction, queues the transfer
 * instructions the shopper is emailed: the account and the notice exist together or not at all.
 */
export async function attachTransfer(
  db: Db,
  id: string,
  transfer: { transactionId: string; providerAccount: string; payBy: Date },
  now: Date = new Date(),
): Promise<OrderRecord> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const order = await tx
        .updateTable("Order")
        .set({ ...transfer, updatedAt: now })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const plan = await tx
        .selectFrom("Plan")
        .select(["code", "name"])
        .where("id", "=", order.planId)
        .executeTakeFirstOrThrow();
      await enqueueTransferNotice(
        tx,
        "transfer-instructions",
        { ...order, ...transfer, planCode: plan.code, planName: plan.name },
        now,
      );
      return order;
    });
}

/** Idempotent: a token already recorded (a retried notification, a replay) is left as it is. */
export async function recordProviderToken(
  db: Db,
  input: { provider: string; token: string; source: "RETURN" | "NOTIFY"; at: Date },
): Promise<void> {
  await sqlOf(db)
    .insertInto("ProviderToken")
    .values({
      id: randomUUID(),
      provider: input.provider,
      token: input.token,
      source: input.source,
      receivedAt: input.at,
    })
    .onConflict((conflict) => conflict.columns(["provider", "token"]).doNothing())
    .execute();
}

export async function markProviderTokenSettled(
  db: Db,
  input: { provider: string; token: string; at: Date; outcome: string; orderRowId: string | null },
): Promise<void> {
  await sqlOf(db)
    .updateTable("ProviderToken")
    .set({ settledAt: input.at, outcome: input.outcome, orderId: input.orderRowId })
    .where("provider", "=", input.provider)
    .where("token", "=", input.token)
    .where("settledAt", "is", null)
    .execute();
}

/** Tokens recorded but not yet handled (the bank could not be asked at the time), oldest first. */
export async function listUnsettledProviderTokens(
  db: Db,
  input: { provider: string; limit: number },
): Promise<string[]> {
  const rows = await sqlOf(db)
    .selectFrom("ProviderToken")
    .select("token")
    .where("provider", "=", input.provider)
    .where("settledAt", "is", null)
    .orderBy("receivedAt", "asc")
    .limit(input.limit)
    .execute();
  return rows.map((row) => row.token);
}

/** Whether any order of this provider still waits for its payment (worth sweeping the bank for). */
export async function hasOpenCollectionOrders(db: Db, provider: string): Promise<boolean> {
  const row = await sqlOf(db)
    .selectFrom("Order")
    .select("id")
    .where("provider", "=", provider)
    .where("status", "=", "PENDING")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Card orders failed by a decline whose card page has since closed and that no check has cleared
 * yet: the bank may have taken a later payment on that page (lib/checkout/decline-card-order.ts).
 */
export async function listDeclinedCardOrdersToRecheck(
  db: Db,
  input: { provider: string; failureCode: string; createdBefore: Date; limit: number },
): Promise<string[]> {
  const rows = await sqlOf(db)
    .selectFrom("Order")
    .select("orderId")
    .where("provider", "=", input.provider)
    .where("status", "=", "FAILED")
    .where("failureCode", "=", input.failureCode)
    .where("reconcileChecks", "=", 0)
    .where("createdAt", "<=", input.createdBefore)
    .orderBy("createdAt", "asc")
    .limit(input.limit)
    .execute();
  return rows.map((row) => row.orderId);
}

/** The bank showed no payment on a declined order's closed card page: it needs no more checks. */
export async function markDeclinedCardOrderCleared(db: Db, id: string, at: Date): Promise<void> {
  await sqlOf(db)
    .updateTable("Order")
    .set({ reconcileChecks: 1, updatedAt: at })
    .where("id", "=", id)
    .where("status", "=", "FAILED")
    .execute();
}

export interface ProviderTokenRecord {
  token: string;
  source: string;
  receivedAt: Date;
  settledAt: Date | null;
  outcome: string | null;
}

/** The tokens the bank handed back for one order (its PayTokens), oldest first, for the back office. */
export async function listProviderTokensForOrder(
  db: Db,
  orderRowId: string,
): Promise<ProviderTokenRecord[]> {
  return sqlOf(db)
    .selectFrom("ProviderToken")
    .select(["token", "source", "receivedAt", "settledAt", "outcome"])
    .where("orderId", "=", orderRowId)
    .orderBy("receivedAt", "asc")
    .limit(20)
    .execute();
}
