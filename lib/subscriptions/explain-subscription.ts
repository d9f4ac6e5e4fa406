// What a subscription's state means for the shopper, in words they can act on.
import type { SubscriptionStatus } from "@/lib/billing/subscription-status";

export function explainSubscriptionStatus(status: SubscriptionStatus): string {
  switch (status) {
    case "INCOMPLETE":
      return "Waiting for your first LINE Pay approval. Nothing has been charged.";
    case "ACTIVE":
      return "Renews automatically with LINE Pay at the end of each period.";
    case "PAST_DUE":
      return "LINE Pay declined the last renewal. We will retry automatically; your VIP access continues meanwhile.";
    case "NEEDS_REBIND":
      return "Your LINE Pay authorization can no longer be charged. Approve LINE Pay again to keep your VIP access.";
    case "CANCELED":
      return "Cancelled: you keep VIP access until the end of the paid period and will not be charged again.";
    case "EXPIRED":
      return "Ended. You are not being charged.";
  }
}
