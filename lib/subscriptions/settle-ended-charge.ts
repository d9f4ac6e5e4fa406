// A renewal charge settled after its subscription stopped renewing (cancelled or ended while the
// charge's answer was lost, before the cancel and expire actions settled open charges first): the
// period it was for is never granted, so the charge is recorded on its order and refunded in full.
// A charge LINE Pay still cannot tell about is left open for the next check, never guessed.
import type { ChargeAttemptRecord } from "@/lib/db/renewal-charge-repository";
import { recordChargeOutcome } from "@/lib/db/renewal-charge-repository";
import { releaseSubscription } from "@/lib/db/renewal-repository";
import { retryTransient } from "@/lib/db/retry-transient";
import type { SubscriptionRecord } from "@/lib/db/subscription-repository";
import { refundUnappliedCharge } from "./refund-unapplied-charge";
import type { RenewalDeps, RenewalResult } from "./renewal-types";
import { statusReason } from "@/lib/billing/status-reason";
import { englishReason } from "@/lib/i18n/status-reason-text";

const NOT_APPLIED = statusReason("subscription.late_renewal_refunded");

export async function settleEndedSubscriptionCharge(
  deps: RenewalDeps,
  subscription: SubscriptionRecord,
  attempt: ChargeAttemptRecord,
  found: { kind: "captured"; transactionId: string } | { kind: "unknown" },
  runnerId: string,
): Promise<RenewalResult> {
  if (found.kind === "unknown") {
    await retryTransient(() => releaseSubscription(deps.db, subscription.id, runnerId));
    return { decision: "verify_later", subscription };
  }
  const now = deps.now();
  const updated = await retryTransient(() =>
    recordChargeOutcome(deps.db, {
      attempt: {
        id: attempt.id,
        status: "SUCCEEDED",
        transactionId: found.transactionId,
        returnCode: "0000",
        returnMessage: null,
        settledAt: now,
        // No period is paid by it: the unique key stays free.
        paidPeriodKey: null,
      },
      period: null,
      transition: {
        id: subscription.id,
        from: subscription.status,
        to: subscription.status,
        actor: `system:renewals:${runnerId}`,
        reason: NOT_APPLIED,
        data: { claimedBy: null, claimUntil: null },
      },
      notApplied: englishReason(NOT_APPLIED),
    }),
  );
  await refundUnappliedCharge(deps, {
    merchantOrderId: attempt.orderId,
    amountMinor: attempt.amountMinor,
    subscriptionId: subscription.id,
    provider: subscription.provider,
    regKey: null,
    reason: NOT_APPLIED,
  });
  return { decision: "refunded", subscription: updated };
}
