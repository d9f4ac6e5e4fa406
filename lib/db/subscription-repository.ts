// Subscriptions and their status history. Status changes go through the one transition rule
// (subscription-transition.ts): compare-and-set on the current status, logged with who/what and why.
import { sqlOf, type Db, type DbTransaction } from "./client";
import type { BillingInterval } from "@/lib/billing/billing-period";
import { AppError } from "@/lib/errors/app-error";
import type { SubscriptionRecord } from "./subscription-record";
import {
  applySubscriptionTransition,
  type SubscriptionTransition,
} from "./subscription-transition";

export type { SubscriptionRecord } from "./subscription-record";
export {
  SubscriptionStateConflictError,
  type SubscriptionTransition,
} from "./subscription-transition";
export type DbTx = DbTransaction;

/** The sealed regKey is omitted from every query by default (client.ts); a SubscriptionRecord has it. */
const withSealedRegKey = { regKeyCiphertext: false } as const;

export class SubscriptionConflictError extends AppError {
  override name = "SubscriptionConflictError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "subscription_exists" });
  }
}

/** One live subscription per shopper: the unique liveKey of a live subscription is its owner. */
export function liveKeyFor(userId: string): string {
  return userId;
}

export async function createIncompleteSubscription(
  db: Db,
  input: {
    userId: string;
    planId: string;
    interval: BillingInterval;
    amountMinor: number;
    currency: string;
    provider: string;
    /** The app's clock (the test clock in development); default: now. */
    createdAt?: Date;
  },
): Promise<SubscriptionRecord> {
  try {
    return await db.subscription.create({
      data: { ...input, status: "INCOMPLETE", liveKey: liveKeyFor(input.userId) },
      omit: withSealedRegKey,
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new SubscriptionConflictError("This shopper already has a live subscription");
    throw error;
  }
}

/** The shopper's one live subscription (any plan), or null. */
export async function findLiveSubscription(
  db: Db,
  userId: string,
): Promise<SubscriptionRecord | null> {
  return db.subscription.findUnique({
    where: { liveKey: liveKeyFor(userId) },
    omit: withSealedRegKey,
  });
}

/** The shopper's live subscription with its plan, for the plans page and the plan change page. */
export async function findLiveSubscriptionView(
  db: Db,
  userId: string,
): Promise<SubscriptionView | null> {
  return db.subscription.findUnique({
    where: { liveKey: liveKeyFor(userId) },
    include: { plan: { select: { code: true, name: true } } },
  });
}

export async function findSubscription(
  db: Db | DbTx,
  id: string,
): Promise<SubscriptionRecord | null> {
  return db.subscription.findUnique({ where: { id }, omit: withSealedRegKey });
}

export async function transitionSubscription(
  db: Db,
  input: SubscriptionTransition,
): Promise<SubscriptionRecord> {
  return sqlOf(db)
    .transaction()
    .execute((tx) => applySubscriptionTransition(tx, input));
}

/** A subscription as anything but the renewal and regKey code sees it: without the sealed regKey. */
export type SubscriptionSummary = Omit<SubscriptionRecord, "regKeyCiphertext">;

export interface SubscriptionView extends SubscriptionSummary {
  plan: { code: string; name: string };
}

export async function listSubscriptionsForUser(
  db: Db,
  userId: string,
): Promise<SubscriptionView[]> {
  return db.subscription.findMany({
    where: { userId, status: { not: "INCOMPLETE" } },
    orderBy: { createdAt: "desc" },
    include: { plan: { select: { code: true, name: true } } },
  });
}

export async function findSubscriptionForUser(
  db: Db,
  id: string,
  userId: string,
): Promise<SubscriptionView | null> {
  return db.subscription.findFirst({
    where: { id, userId },
    include: { plan: { select: { code: true, name: true } } },
  });
}

/** A subscription's periods, newest first (at most `limit`), and whether older ones exist. */
export async function listSubscriptionHistory(db: Db, subscriptionId: string, limit = 1_000) {
  const rows = await db.billingPeriod.findMany({
    where: { subscriptionId },
    orderBy: { periodIndex: "desc" },
    take: limit + 1,
    include: { attempts: { orderBy: { attemptNumber: "asc" } } },
  });
  return { periods: rows.slice(0, limit), hasMore: rows.length > limit };
}
