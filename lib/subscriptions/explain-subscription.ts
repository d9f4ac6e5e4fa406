// What a subscription's state means for the shopper, in words they can act on. The words live in
// the message files (shop namespace, `subscription.explain.<STATUS>`) so this stays language-free.
import type { SubscriptionStatus } from "@/lib/billing/subscription-status";

/** The `shop` message key explaining the status. */
export function explainSubscriptionStatus(
  status: SubscriptionStatus,
): `subscription.explain.${SubscriptionStatus}` {
  return `subscription.explain.${status}`;
}
