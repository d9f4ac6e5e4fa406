// Wires the app's use cases (checkout, subscriptions, renewals, back office, reconciliation) to the real database and LINE Pay (or the
// local sandbox), from the validated environment.
import { DEFAULT_BILLING_POLICY, type BillingPolicy } from "@/lib/billing/billing-policy";
import { createLinePayGateway } from "@/lib/payments/linepay/linepay-gateway";
import type { CheckoutDeps } from "@/lib/checkout/start-checkout";
import type { AuthorizationGateway, RefundGateway, RenewalGateway } from "@/lib/payments/payment-gateway";
import type { Db } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { linePayClientFromEnv } from "@/lib/linepay";
import { parseKeyring } from "@/lib/security/secret-box";
import { createOrderFulfilment } from "@/lib/subscriptions/order-fulfilment";
import { createRegKeyVault, type RegKeyVault } from "@/lib/subscriptions/regkey-vault";
import { getAppClock } from "./app-clock";
import { getAppDb } from "./app-db";

export interface AppDeps extends CheckoutDeps {
  gateway: CheckoutDeps["gateway"] & RenewalGateway & RefundGateway & AuthorizationGateway;
  vault: RegKeyVault;
  policy: BillingPolicy;
}

export async function getAppDeps(): Promise<AppDeps> {
  return createAppDeps({ env: getEnv(), db: getAppDb(), now: await getAppClock() });
}

/** The same wiring for processes outside Next.js (the renewal and reconciliation CLIs). */
export function createAppDeps({ env, db, now }: { env: Env; db: Db; now: () => Date }): AppDeps {
  const gateway = createLinePayGateway({ db, createClient: (onCall) => linePayClientFromEnv(env, { onCall }) });
  const vault = createRegKeyVault(parseKeyring(env.REGKEY_ENCRYPTION_KEYS, env.REGKEY_ENCRYPTION_KEY_ID));
  const policy = DEFAULT_BILLING_POLICY;
  return { db, gateway, vault, policy, fulfilment: createOrderFulfilment({ db, vault, policy, gateway }), now, appBaseUrl: env.APP_BASE_URL };
}
