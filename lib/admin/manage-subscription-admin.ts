// What an admin can do to a subscription: cancel at period end, cancel now, expire the regKey at
// LINE Pay, and schedule a retry now. Every move goes through the subscription state machine, is
// refused while a renewal runner holds the subscription, and is audited with the admin's reason.
import type { BillingPolicy } from "@/lib/billing/billing-policy";
import type { RefundGateway, RenewalGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { Db } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/audit-repository";
import { clearStoredRegKey, makePastDueDueNow } from "@/lib/db/subscription-admin-repository";
import {
  findSubscription,
  SubscriptionStateConflictError,
  transitionSubscription,
  type SubscriptionRecord,
} from "@/lib/db/subscription-repository";
import { expireStoredRegKey } from "@/lib/subscriptions/expire-stored-regkey";
import type { RegKeyVault } from "@/lib/subscriptions/regkey-vault";
import { settleRenewalFirst } from "@/lib/subscriptions/settle-renewal-first";
import { adminNote, statusReason } from "@/lib/billing/status-reason";

export interface AdminSubscriptionDeps {
  db: Db;
  payments: PaymentProviders<RenewalGateway & RefundGateway>;
  vault: RegKeyVault;
  policy: BillingPolicy;
  now: () => Date;
}

export interface AdminActor {
  actor: string;
  actorLabel: string;
  reason: string;
}

export type AdminSubscriptionResult =
  | { kind: "done"; subscription: SubscriptionRecord }
  /** The status does not allow this action; nothing changed. */
  | { kind: "not_allowed"; status: SubscriptionRecord["status"] }
  /** A renewal runner holds it (or it changed meanwhile): try again in a minute. */
  | { kind: "busy" }
  /** A renewal charge's answer was lost and LINE Pay cannot tell yet: nothing changed. */
  | { kind: "renewal_unsettled" }
  /** The database changed, but LINE Pay could not be reached to expire the regKey; it is retried. */
  | { kind: "regkey_pending"; subscription: SubscriptionRecord }
  | { kind: "not_found" };

const DAY_MS = 86_400_000;

/** The subscription after any renewal charge whose answer was lost is settled with LINE Pay. */
async function load(deps: AdminSubscriptionDeps, id: string) {
  const subscription = await findSubscription(deps.db, id);
  if (!subscription) return null;
  if ((await settleRenewalFirst(deps, id, "admin")) === "unsettled") return "unsettled" as const;
  return findSubscription(deps.db, id);
}

async function guarded(
  work: () => Promise<AdminSubscriptionResult>,
): Promise<AdminSubscriptionResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SubscriptionStateConflictError) return { kind: "busy" };
    throw error;
  }
}

/** Stop renewing; VIP lasts until the paid period ends. A failing subscription has no paid period left, so it ends now. */
export async function cancelAtPeriodEndByAdmin(
  deps: AdminSubscriptionDeps,
  id: string,
  who: AdminActor,
): Promise<AdminSubscriptionResult> {
  const subscription = await load(deps, id);
  if (!subscription) return { kind: "not_found" };
  if (subscription === "unsettled") return { kind: "renewal_unsettled" };
  if (subscription.status === "PAST_DUE" || subscription.status === "NEEDS_REBIND")
    return cancelNowByAdmin(deps, id, who);
  if (subscription.status !== "ACTIVE") return { kind: "not_allowed", status: subscription.status };
  const now = deps.now();
  return guarded(async () => ({
    kind: "done",
    subscription: await transitionSubscription(deps.db, {
      at: deps.now(),
      id,
      from: "ACTIVE",
      to: "CANCELED",
      actor: who.actor,
      actorLabel: who.actorLabel,
      reason: statusReason("admin.cancel_at_period_end", { note: who.reason }),
      data: {
        cancelAtPeriodEnd: true,
        canceledAt: now,
        nextActionAt: subscription.currentPeriodEnd,
      },
      unclaimedAt: now,
    }),
  }));
}

/** End it now (VIP stops at once) and release the regKey at LINE Pay. Refunds are a separate order action. */
export async function cancelNowByAdmin(
  deps: AdminSubscriptionDeps,
  id: string,
  who: AdminActor,
): Promise<AdminSubscriptionResult> {
  const subscription = await load(deps, id);
  if (!subscription) return { kind: "not_found" };
  if (subscription === "unsettled") return { kind: "renewal_unsettled" };
  if (!["ACTIVE", "PAST_DUE", "NEEDS_REBIND", "CANCELED"].includes(subscription.status))
    return { kind: "not_allowed", status: subscription.status };
  const now = deps.now();
  return guarded(async () => {
    const ended = await transitionSubscription(deps.db, {
      at: deps.now(),
      id,
      from: subscription.status,
      to: "EXPIRED",
      actor: who.actor,
      actorLabel: who.actorLabel,
      reason: statusReason("admin.cancel_now", { note: who.reason }),
      data: {
        cancelAtPeriodEnd: true,
        canceledAt: subscription.canceledAt ?? now,
        endedAt: now,
        graceUntil: null,
        nextActionAt: now,
      },
      unclaimedAt: now,
    });
    const released = await expireStoredRegKey(deps, ended, now);
    return released.regKeyCiphertext
      ? { kind: "regkey_pending", subscription: released }
      : { kind: "done", subscription: released };
  });
}

/**
 * Expire the stored regKey at LINE Pay. A live subscription then needs a new approval: it moves to
 * NEEDS_REBIND, keeping VIP until its paid period ends plus the grace period.
 */
export async function expireRegKeyByAdmin(
  deps: AdminSubscriptionDeps,
  id: string,
  who: AdminActor,
): Promise<AdminSubscriptionResult> {
  const loaded = await load(deps, id);
  if (!loaded) return { kind: "not_found" };
  if (loaded === "unsettled") return { kind: "renewal_unsettled" };
  let subscription: SubscriptionRecord = loaded;
  if (!subscription.regKeyCiphertext) return { kind: "not_allowed", status: subscription.status };
  const now = deps.now();
  return guarded(async () => {
    if (subscription.status === "ACTIVE" || subscription.status === "PAST_DUE") {
      const current = subscription;
      const periodEnd = current.currentPeriodEnd ?? now;
      const graceUntil =
        current.graceUntil ??
        new Date(
          Math.max(periodEnd.getTime(), now.getTime()) + deps.policy.gracePeriodDays * DAY_MS,
        );
      subscription = await transitionSubscription(deps.db, {
        at: deps.now(),
        id,
        from: current.status,
        to: "NEEDS_REBIND",
        actor: who.actor,
        actorLabel: who.actorLabel,
        reason: statusReason("admin.regkey_expired", { note: who.reason }),
        data: { graceUntil, nextActionAt: graceUntil },
        unclaimedAt: now,
      });
    }
    const live = subscription;
    try {
      const regKey = deps.vault.open(live.id, live.regKeyCiphertext!);
      await deps.payments
        .gatewayFor(live.provider)
        .expireRegKey(regKey, { subscriptionId: live.id });
    } catch {
      return { kind: "regkey_pending", subscription: live };
    }
    const cleared = await clearStoredRegKey(deps.db, id);
    await recordAudit(deps.db, {
      at: deps.now(),
      actor: who.actor,
      actorLabel: who.actorLabel,
      action: "subscription.regkey.expired",
      targetType: "SUBSCRIPTION",
      targetId: id,
      reason: adminNote(who.reason),
      before: { regKeyHint: live.regKeyHint, stored: true },
      after: { regKeyHint: live.regKeyHint, stored: false },
    });
    return { kind: "done", subscription: cleared };
  });
}

/** A PAST_DUE subscription is made due now, so the next renewal run charges it straight away. */
export async function scheduleRetryNowByAdmin(
  deps: AdminSubscriptionDeps,
  id: string,
  who: AdminActor,
): Promise<AdminSubscriptionResult> {
  const subscription = await load(deps, id);
  if (!subscription) return { kind: "not_found" };
  if (subscription === "unsettled") return { kind: "renewal_unsettled" };
  if (subscription.status !== "PAST_DUE")
    return { kind: "not_allowed", status: subscription.status };
  const now = deps.now();
  if (!(await makePastDueDueNow(deps.db, id, now))) return { kind: "busy" };
  await recordAudit(deps.db, {
    at: deps.now(),
    actor: who.actor,
    actorLabel: who.actorLabel,
    action: "subscription.retry_now",
    targetType: "SUBSCRIPTION",
    targetId: id,
    reason: adminNote(who.reason),
    before: { nextActionAt: subscription.nextActionAt },
    after: { nextActionAt: now },
  });
  return { kind: "done", subscription: (await findSubscription(deps.db, id))! };
}
