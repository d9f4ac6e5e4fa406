// The renewal deps of a runner started as its own OS process (the parallel-runners and crash tests,
// the benchmark's WORKERS): its own database connection and LINE Pay client, configured by the
// environment its parent set (runnerProcessEnv in spawn-renewal-runner.ts), with the app clock
// moved by CLOCK_OFFSET_MS.
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";
import { createLinePayGateway } from "@/lib/payments/linepay/linepay-gateway";
import { createPaymentProviders } from "@/lib/payments/payment-providers";
import type { Db } from "@/lib/db/client";
import { createLinePayClient } from "@/lib/linepay";
import { parseKeyring } from "@/lib/security/secret-box";
import { createRegKeyVault } from "@/lib/subscriptions/regkey-vault";
import { RENEWAL_PRODUCT_NAME, type RenewalDeps } from "@/lib/subscriptions/renewal-types";

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** LINEPAY_API_BASE_URL, LINEPAY_CHANNEL_ID, LINEPAY_CHANNEL_SECRET, REGKEY_ENCRYPTION_KEYS, CLOCK_OFFSET_MS. */
export function renewalDepsFromEnv(db: Db): RenewalDeps {
  const offsetMs = Number(requiredEnv("CLOCK_OFFSET_MS"));
  return {
    db,
    payments: createPaymentProviders(
      {
        LINEPAY: createLinePayGateway({
          db,
          createClient: (onCall) =>
            createLinePayClient({
              baseUrl: requiredEnv("LINEPAY_API_BASE_URL"),
              channelId: requiredEnv("LINEPAY_CHANNEL_ID"),
              channelSecret: requiredEnv("LINEPAY_CHANNEL_SECRET"),
              onCall,
            }),
        }),
      },
      "LINEPAY",
    ),
    vault: createRegKeyVault(parseKeyring(requiredEnv("REGKEY_ENCRYPTION_KEYS"))),
    policy: DEFAULT_BILLING_POLICY,
    now: () => new Date(Date.now() + offsetMs),
    productName: () => RENEWAL_PRODUCT_NAME,
  };
}
