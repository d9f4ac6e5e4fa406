// regKey health ahead of the charge date: a few days before a renewal (BillingPolicy
// regKeyCheckDaysBeforeRenewal) the renewal engine asks LINE Pay (Check regKey) whether the stored
// regKey can still be charged. A dead one moves the subscription to NEEDS_REBIND at once, while
// its period is still paid, so the shopper can approve again before VIP would lapse instead of
// finding out at the charge. A check LINE Pay cannot answer now is simply asked again next run.
import { nextPeriodStart } from "@/lib/billing/vip-timeline";
import { retryTransient } from "@/lib/db/retry-transient";
import {
  claimSubscriptionForSettlement,
  findRegKeysToCheck,
  hasOpenRenewalCharge,
  recordRegKeyChecked,
  releaseSubscription,
} from "@/lib/db/renewal-repository";
import { transitionSubscription } from "@/lib/db/subscription-repository";
import type { RenewalDeps } from "./renewal-types";
import { statusReason } from "@/lib/billing/status-reason";

const DAY_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 2 * 60 * 1000;
/** Per run: the rest wait for the next run (renewals come first). */
const MAX_CHECKS_PER_RUN = 200;

export async function checkUpcomingRegKeys(
  deps: RenewalDeps,
  runnerId: string,
): Promise<{ checked: number; dead: number }> {
  const days = deps.policy.regKeyCheckDaysBeforeRenewal;
  const counts = { checked: 0, dead: 0 };
  if (days <= 0) return counts;
  const now = deps.now();
  const ids = await findRegKeysToCheck(deps.db, {
    now,
    horizon: new Date(now.getTime() + days * DAY_MS),
    limit: MAX_CHECKS_PER_RUN,
  });
  for (const id of ids) {
    const subscription = await claimSubscriptionForSettlement(deps.db, id, runnerId, now, LEASE_MS);
    if (!subscription) continue; // another runner has it
    const { regKeyCiphertext, currentPeriodEnd } = subscription;
    const dueAt = nextPeriodStart(subscription, deps.policy.timeZone) ?? currentPeriodEnd;
    // A renewal charge already under way (its answer lost) is settled by the renewal, not here.
    if (
      subscription.status !== "ACTIVE" ||
      !regKeyCiphertext ||
      !dueAt ||
      (await hasOpenRenewalCharge(deps.db, id))
    ) {
      await releaseSubscription(deps.db, id, runnerId);
      continue;
    }
    let verdict: "usable" | "dead";
    try {
      const regKey = deps.vault.open(id, regKeyCiphertext);
      verdict = await deps.payments
        .gatewayFor(subscription.provider)
        .checkRegKey(regKey, { subscriptionId: id });
    } catch {
      await releaseSubscription(deps.db, id, runnerId);
      continue;
    }
    counts.checked++;
    const periodIndex = subscription.currentPeriodIndex;
    if (verdict === "usable") {
      await retryTransient(() => recordRegKeyChecked(deps.db, { id, periodIndex, runnerId }));
      continue;
    }
    // Owned time runs to the renewal date; the grace period counts from there, as for a dead
    // regKey found at the charge, so the shopper loses nothing by being told early.
    const graceUntil = new Date(dueAt.getTime() + deps.policy.gracePeriodDays * DAY_MS);
    await retryTransient(() =>
      transitionSubscription(deps.db, {
        id,
        from: "ACTIVE",
        to: "NEEDS_REBIND",
        actor: `system:renewals:${runnerId}`,
        reason: statusReason("renewal.regkey_dead_ahead", { days }),
        data: {
          regKeyCheckedPeriod: periodIndex,
          graceUntil,
          nextActionAt: graceUntil,
          claimedBy: null,
          claimUntil: null,
        },
      }),
    );
    counts.dead++;
  }
  return counts;
}
