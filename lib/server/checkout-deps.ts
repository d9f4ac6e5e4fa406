// Wires the checkout use cases to the real database and LINE Pay (or the local sandbox), from env.
import { createLinePayGateway } from "@/lib/checkout/linepay-gateway";
import type { StartCheckoutDeps } from "@/lib/checkout/start-checkout";
import { getEnv } from "@/lib/env";
import { linePayClientFromEnv } from "@/lib/linepay";
import { getAppDb } from "./app-db";

export function getCheckoutDeps(): StartCheckoutDeps {
  const env = getEnv();
  const db = getAppDb();
  return {
    db,
    gateway: createLinePayGateway({ db, createClient: (onCall) => linePayClientFromEnv(env, { onCall }) }),
    now: () => new Date(),
    appBaseUrl: env.APP_BASE_URL,
  };
}
