// Before a subscription is cancelled, ended, loses its regKey or is re-approved, a renewal charge
// whose answer was lost (attempt PENDING or UNKNOWN) is settled with LINE Pay: it may have paid the
// next period. Charged: the period is the shopper's and the action applies after it; never made:
// the action goes ahead. When LINE Pay still cannot tell, the caller refuses the action.
import { claimSubscriptionForSettlement, hasOpenRenewalCharge } from "@/lib/db/renewal-repository";
import { randomBytes } from "node:crypto";
import { settleOpenRenewalCharge } from "./renew-subscription";
import { RENEWAL_PRODUCT_NAME, type RenewalDeps } from "./renewal-types";

/** Long enough for one payment-details lookup; a runner that dies frees it soon after. */
const SETTLE_LEASE_MS = 2 * 60 * 1000;

export const RENEWAL_UNSETTLED_MESSAGE =
  "A renewal payment for this subscription is still being verified with LINE Pay, so nothing " +
  "was changed. Please try again in a few minutes.";

export async function settleRenewalFirst(
  deps: Omit<RenewalDeps, "productName">,
  subscriptionId: string,
  who: string,
): Promise<"clear" | "unsettled"> {
  if (!(await hasOpenRenewalCharge(deps.db, subscriptionId))) return "clear";
  const runnerId = `${who}-${randomBytes(3).toString("hex")}`;
  const claimed = await claimSubscriptionForSettlement(
    deps.db,
    subscriptionId,
    runnerId,
    deps.now(),
    SETTLE_LEASE_MS,
  );
  if (!claimed) return "unsettled"; // a renewal runner holds it right now
  const outcome = await settleOpenRenewalCharge(
    { ...deps, productName: () => RENEWAL_PRODUCT_NAME },
    claimed,
    runnerId,
  );
  return outcome === "still_unknown" ? "unsettled" : "clear";
}
