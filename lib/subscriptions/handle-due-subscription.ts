// What a runner does with one claimed subscription whose next action is due, by status: charge the
// renewal, end a cancelled subscription at its period end, end a re-bind that never came, or
// release the regKey of an ended one.
import { retryTransient } from "@/lib/db/retry-transient";
import { endSubscription, scheduleNextAction } from "@/lib/db/renewal-repository";
import type { SubscriptionRecord } from "@/lib/db/subscription-repository";
import { expireStoredRegKey } from "./expire-stored-regkey";
import { renewSubscription } from "./renew-subscription";
import type { RenewalDeps, RenewalResult } from "./renewal-types";
import { statusReason } from "@/lib/billing/status-reason";

const release = { claimedBy: null, claimUntil: null };

export async function handleDueSubscription(
  deps: RenewalDeps,
  subscription: SubscriptionRecord,
  runnerId: string,
): Promise<RenewalResult> {
  const now = deps.now();
  const actor = `system:renewals:${runnerId}`;
  switch (subscription.status) {
    case "ACTIVE":
    case "PAST_DUE": {
      const result = await renewSubscription(deps, subscription, runnerId);
      // Retries exhausted: the subscription ended, so its regKey is released at LINE Pay now.
      if (result.decision !== "give_up") return result;
      return {
        ...result,
        subscription: await expireStoredRegKey(deps, result.subscription, deps.now()),
      };
    }
    case "CANCELED":
    case "NEEDS_REBIND": {
      const endsAt =
        subscription.status === "CANCELED"
          ? subscription.currentPeriodEnd
          : subscription.graceUntil;
      if (endsAt && endsAt > now) return waitUntil(deps, subscription, endsAt);
      const unpaidPeriodIndex =
        subscription.status === "NEEDS_REBIND" ? subscription.currentPeriodIndex + 1 : null;
      const ended = await retryTransient(() =>
        endSubscription(
          deps.db,
          {
            id: subscription.id,
            from: subscription.status,
            to: "EXPIRED",
            actor,
            reason: statusReason(
              subscription.status === "CANCELED"
                ? "subscription.period_ended"
                : "subscription.grace_ended",
            ),
            data: { endedAt: endsAt ?? now, nextActionAt: now, ...release },
          },
          unpaidPeriodIndex,
        ),
      );
      return { decision: "expired", subscription: await expireStoredRegKey(deps, ended, now) };
    }
    case "EXPIRED":
      return {
        decision: "expired",
        subscription: await expireStoredRegKey(deps, subscription, now),
      };
    case "INCOMPLETE":
      return waitUntil(deps, subscription, null);
  }
}

async function waitUntil(
  deps: RenewalDeps,
  subscription: SubscriptionRecord,
  at: Date | null,
): Promise<RenewalResult> {
  return {
    decision: "nothing_due",
    subscription: await scheduleNextAction(deps.db, subscription.id, at),
  };
}
