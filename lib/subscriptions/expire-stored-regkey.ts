// Releases an ended subscription's regKey at LINE Pay and forgets it. If LINE Pay cannot be reached
// the ciphertext is kept and the renewal engine tries again later, so no regKey is left live.
import type { RenewalGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { Db } from "@/lib/db/client";
import { forgetRegKeyAndRelease, scheduleNextAction } from "@/lib/db/renewal-repository";
import type { SubscriptionRecord } from "@/lib/db/subscription-repository";
import type { RegKeyVault } from "./regkey-vault";

const RETRY_MS = 5 * 60 * 1000;

export async function expireStoredRegKey(
  deps: {
    db: Db;
    payments: PaymentProviders<Pick<RenewalGateway, "expireRegKey">>;
    vault: RegKeyVault;
  },
  subscription: SubscriptionRecord,
  now: Date,
): Promise<SubscriptionRecord> {
  if (subscription.status !== "EXPIRED")
    throw new Error("Only an ended subscription's regKey is expired");
  if (!subscription.regKeyCiphertext) {
    return scheduleNextAction(deps.db, subscription.id, null);
  }
  try {
    const regKey = deps.vault.open(subscription.id, subscription.regKeyCiphertext);
    await deps.payments
      .gatewayFor(subscription.provider)
      .expireRegKey(regKey, { subscriptionId: subscription.id });
  } catch {
    return scheduleNextAction(deps.db, subscription.id, new Date(now.getTime() + RETRY_MS));
  }
  return forgetRegKeyAndRelease(deps.db, subscription.id);
}
