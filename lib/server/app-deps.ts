// Wires the app's use cases (checkout, subscriptions, renewals, back office, reconciliation) to
// the real database and the registered payment providers (LINE Pay, or the local sandbox), from
// the validated environment.
import { DEFAULT_BILLING_POLICY, type BillingPolicy } from "@/lib/billing/billing-policy";
import type { CheckoutDeps } from "@/lib/checkout/start-checkout";
import type { Db } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import type { CollectionGateway } from "@/lib/payments/collection-gateway";
import { linePayGatewayFromEnv } from "@/lib/payments/linepay/linepay-gateway-from-env";
import { sinoPacGatewayFromEnv } from "@/lib/payments/sinopac/sinopac-gateway-from-env";
import {
  createPaymentProviders,
  type PaymentProviders,
  type ProviderGateway,
} from "@/lib/payments/payment-providers";
import { parseKeyring } from "@/lib/security/secret-box";
import { createOrderFulfilment } from "@/lib/subscriptions/order-fulfilment";
import { createRegKeyVault, type RegKeyVault } from "@/lib/subscriptions/regkey-vault";
import { getAppClock } from "./app-clock";
import { getAppDb } from "./app-db";

export interface AppDeps extends CheckoutDeps {
  payments: PaymentProviders<ProviderGateway>;
  /** Bank collection providers by id (SINOPAC when enabled), beside LINE Pay. */
  collections: { SINOPAC?: CollectionGateway };
  vault: RegKeyVault;
  policy: BillingPolicy;
}

export async function getAppDeps(): Promise<AppDeps> {
  return createAppDeps({ env: getEnv(), db: getAppDb(), now: await getAppClock() });
}

/** The same wiring for processes outside Next.js (the renewal and reconciliation CLIs). */
export function createAppDeps({ env, db, now }: { env: Env; db: Db; now: () => Date }): AppDeps {
  const payments = createPaymentProviders(
    { LINEPAY: linePayGatewayFromEnv(env, db, now) },
    "LINEPAY",
  );
  const vault = createRegKeyVault(
    parseKeyring(env.REGKEY_ENCRYPTION_KEYS, env.REGKEY_ENCRYPTION_KEY_ID),
  );
  const policy = DEFAULT_BILLING_POLICY;
  const sinoPac = sinoPacGatewayFromEnv(env, db, now);
  return {
    db,
    payments,
    collections: sinoPac ? { SINOPAC: sinoPac } : {},
    vault,
    policy,
    fulfilment: createOrderFulfilment({ db, vault, policy, payments, now }),
    now,
    appBaseUrl: env.APP_BASE_URL,
  };
}
