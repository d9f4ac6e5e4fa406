// Back-office writes to a subscription outside its status machine: forgetting a regKey the
// provider has expired, and making a failing subscription due now. Status moves go through
// subscription-repository.ts like every other caller's.
import type { Db } from "./client";
import type { SubscriptionRecord } from "./subscription-repository";

/** The stored regKey was expired at the provider: forget it (the status is left as it is). */
export async function clearStoredRegKey(db: Db, id: string): Promise<SubscriptionRecord> {
  return db.subscription.update({
    where: { id },
    data: { regKeyCiphertext: null, regKeyKeyId: null },
    omit: { regKeyCiphertext: false },
  });
}

/** A PAST_DUE subscription no runner holds is due now. False when it is not PAST_DUE or is held. */
export async function makePastDueDueNow(db: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await db.subscription.updateMany({
    where: { id, status: "PAST_DUE", OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] },
    data: { nextActionAt: now },
  });
  return count === 1;
}
