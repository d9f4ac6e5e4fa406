import type { BillingPolicy } from "@/lib/billing/billing-policy";
import type { RefundGateway, RenewalGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { Db } from "@/lib/db/client";
import type { SubscriptionRecord } from "@/lib/db/subscription-repository";
import type { RenewalDecision } from "@/lib/billing/renewal-decision";
import type { RegKeyVault } from "./regkey-vault";

/** What the shopper sees on their LINE Pay statement for a renewal, whatever triggered it. */
export const RENEWAL_PRODUCT_NAME = "VIP Club subscription renewal";

export interface RenewalDeps {
  db: Db;
  /** Each subscription is charged through its own provider's gateway. */
  payments: PaymentProviders<RenewalGateway & RefundGateway>;
  vault: RegKeyVault;
  policy: BillingPolicy;
  now: () => Date;
  /** What the shopper sees on their LINE Pay statement for a renewal. */
  productName: (subscription: SubscriptionRecord) => string;
}

export interface RenewalResult {
  /** `refunded`: LINE Pay charged a subscription that had ended; the charge was given back. */
  decision: RenewalDecision["action"] | "expired" | "nothing_due" | "refunded";
  subscription: SubscriptionRecord;
}
