// Subscriptions and their status history. Like orders, status changes are compare-and-set on the
// current status and logged with who/what and why. Functions taking `tx` run inside a caller's
// transaction so a payment and its effects commit together.
import type { Db, DbTransaction } from "./client";
import { recordAudit } from "./audit-repository";
import type { Prisma } from "./generated/sqlite";
import { assertSubscriptionTransition, type SubscriptionStatus } from "@/lib/billing/subscription-status";
import type { BillingInterval } from "@/lib/billing/billing-period";
import { AppError } from "@/lib/errors/app-error";

export type DbTx = DbTransaction;

/** The sealed regKey is omitted from every query by default (client.ts); a SubscriptionRecord has it. */
const withSealedRegKey = { regKeyCiphertext: false } as const;

export interface SubscriptionRecord {
  id: string;
  userId: string;
  planId: string;
  status: SubscriptionStatus;
  liveKey: string | null;
  interval: BillingInterval;
  amountMinor: number;
  currency: string;
  anchorAt: Date | null;
  currentPeriodIndex: number;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  nextActionAt: Date | null;
  graceUntil: Date | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  endedAt: Date | null;
  regKeyCiphertext: string | null;
  regKeyKeyId: string | null;
  regKeyHint: string | null;
  claimedBy: string | null;
  claimUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export class SubscriptionConflictError extends AppError {
  override name = "SubscriptionConflictError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "subscription_exists" });
  }
}

export class SubscriptionStateConflictError extends AppError {
  override name = "SubscriptionStateConflictError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "subscription_state_conflict" });
  }
}

export function liveKeyFor(userId: string, planId: string): string {
  return `${userId}:${planId}`;
}

export async function createIncompleteSubscription(
  db: Db,
  input: { userId: string; planId: string; interval: BillingInterval; amountMinor: number; currency: string },
): Promise<SubscriptionRecord> {
  try {
    return await db.subscription.create({ data: { ...input, status: "INCOMPLETE", liveKey: liveKeyFor(input.userId, input.planId) }, omit: withSealedRegKey });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new SubscriptionConflictError("A live subscription to this plan already exists");
    throw error;
  }
}

export async function findLiveSubscription(db: Db, userId: string, planId: string): Promise<SubscriptionRecord | null> {
  return db.subscription.findUnique({ where: { liveKey: liveKeyFor(userId, planId) }, omit: withSealedRegKey });
}

export async function findSubscription(db: Db | DbTx, id: string): Promise<SubscriptionRecord | null> {
  return db.subscription.findUnique({ where: { id }, omit: withSealedRegKey });
}

export interface SubscriptionTransition {
  id: string;
  from: SubscriptionStatus;
  to: SubscriptionStatus;
  actor: string;
  actorLabel?: string;
  reason: string;
  data?: Prisma.SubscriptionUncheckedUpdateManyInput;
  /** Refuse (conflict) while a renewal runner holds the subscription at this instant. */
  unclaimedAt?: Date;
}

/** Moves the status (or, with from === to, updates a subscription that stays in its status). */
export async function applySubscriptionTransition(tx: DbTx, input: SubscriptionTransition): Promise<SubscriptionRecord> {
  if (input.from !== input.to) assertSubscriptionTransition(input.from, input.to);
  const isEnding = input.to === "EXPIRED";
  const { count } = await tx.subscription.updateMany({
    where: {
      id: input.id,
      status: input.from,
      ...(input.unclaimedAt ? { OR: [{ claimUntil: null }, { claimUntil: { lt: input.unclaimedAt } }] } : {}),
    },
    data: { ...input.data, status: input.to, ...(isEnding ? { liveKey: null } : {}) },
  });
  if (count !== 1) throw new SubscriptionStateConflictError(`Subscription ${input.id} is no longer ${input.from}`);
  if (input.from !== input.to) {
    await tx.subscriptionStatusChange.create({
      data: { subscriptionId: input.id, fromStatus: input.from, toStatus: input.to, actor: input.actor, reason: input.reason },
    });
    await recordAudit(tx, {
      actor: input.actor,
      actorLabel: input.actorLabel,
      action: "subscription.status",
      targetType: "SUBSCRIPTION",
      targetId: input.id,
      reason: input.reason,
      before: { status: input.from },
      after: { status: input.to },
    });
  }
  return tx.subscription.findUniqueOrThrow({ where: { id: input.id }, omit: withSealedRegKey });
}

export async function transitionSubscription(db: Db, input: SubscriptionTransition): Promise<SubscriptionRecord> {
  return db.$transaction((tx) => applySubscriptionTransition(tx, input));
}

/** A subscription as anything but the renewal and regKey code sees it: without the sealed regKey. */
export type SubscriptionSummary = Omit<SubscriptionRecord, "regKeyCiphertext">;

export interface SubscriptionView extends SubscriptionSummary {
  plan: { code: string; name: string };
}

export async function listSubscriptionsForUser(db: Db, userId: string): Promise<SubscriptionView[]> {
  return db.subscription.findMany({
    where: { userId, status: { not: "INCOMPLETE" } },
    orderBy: { createdAt: "desc" },
    include: { plan: { select: { code: true, name: true } } },
  });
}

export async function findSubscriptionForUser(db: Db, id: string, userId: string): Promise<SubscriptionView | null> {
  return db.subscription.findFirst({ where: { id, userId }, include: { plan: { select: { code: true, name: true } } } });
}

export async function listSubscriptionHistory(db: Db, subscriptionId: string) {
  return db.billingPeriod.findMany({
    where: { subscriptionId },
    orderBy: { periodIndex: "desc" },
    include: { attempts: { orderBy: { attemptNumber: "asc" } } },
  });
}
