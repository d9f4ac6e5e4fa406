// Releases an ended subscription's regKey at LINE Pay and forgets it. If LINE Pay cannot be reached
// the ciphertext is kept and the renewal engine tries again later, so no regKey is left live.
import type { RenewalGateway } from "@/lib/checkout/payment-gateway";
import type { Db } from "@/lib/db/client";
import type { SubscriptionRecord } from "@/lib/db/subscription-repository";
import type { RegKeyVault } from "./regkey-vault";

const RETRY_MS = 5 * 60 * 1000;

// A SubscriptionRecord carries the sealed regKey, which the client omits unless asked.
const sealed = { regKeyCiphertext: false } as const;

export async function expireStoredRegKey(
  deps: { db: Db; gateway: Pick<RenewalGateway, "expireRegKey">; vault: RegKeyVault },
  subscription: SubscriptionRecord,
  now: Date,
): Promise<SubscriptionRecord> {
  if (subscription.status !== "EXPIRED") throw new Error("Only an ended subscription's regKey is expired");
  if (!subscription.regKeyCiphertext) {
    return deps.db.subscription.update({ where: { id: subscription.id }, data: { nextActionAt: null, claimedBy: null, claimUntil: null }, omit: sealed });
  }
  try {
    const regKey = deps.vault.open(subscription.id, subscription.regKeyCiphertext);
    await deps.gateway.expireRegKey(regKey, { subscriptionId: subscription.id });
  } catch {
    return deps.db.subscription.update({ where: { id: subscription.id }, data: { nextActionAt: new Date(now.getTime() + RETRY_MS), claimedBy: null, claimUntil: null }, omit: sealed });
  }
  return deps.db.subscription.update({
    where: { id: subscription.id },
    data: { regKeyCiphertext: null, regKeyKeyId: null, nextActionAt: null, claimedBy: null, claimUntil: null },
    omit: sealed,
  });
}
