// The LINE Pay adapter for the app's wiring: the v3 client configured from the validated
// environment (the real API or the local sandbox), every call logged against what it belongs to.
import type { Db } from "@/lib/db/client";
import { linePayClientFromEnv, type LinePayEnv } from "@/lib/linepay";
import { createLinePayGateway } from "./linepay-gateway";

export function linePayGatewayFromEnv(
  env: LinePayEnv,
  db: Db,
  now?: () => Date,
): ReturnType<typeof createLinePayGateway> {
  return createLinePayGateway({
    db,
    now,
    createClient: (onCall) => linePayClientFromEnv(env, { onCall }),
  });
}
