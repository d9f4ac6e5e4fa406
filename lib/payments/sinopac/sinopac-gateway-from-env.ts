// The SinoPac adapter for the app's wiring: the QPay client configured from the validated
// environment (the real API or the local emulator); null when SinoPac is not enabled.
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { createSinoPacClient } from "@/lib/sinopac";
import type { CollectionGateway } from "../collection-gateway";
import { createSinoPacGateway } from "./sinopac-gateway";

export function sinoPacGatewayFromEnv(
  env: Env,
  db: Db,
  now?: () => Date,
): CollectionGateway | null {
  if (env.SINOPAC_ENABLED !== "1") return null;
  // lib/env.ts refuses SINOPAC_ENABLED=1 without every one of these.
  const required = (value: string | undefined, name: string) => {
    if (!value) throw new Error(`${name} is missing although SinoPac is enabled`);
    return value;
  };
  const shopNo = required(env.SINOPAC_SHOP_NO, "SINOPAC_SHOP_NO");
  return createSinoPacGateway({
    db,
    now,
    shopNo,
    createClient: (onCall) =>
      createSinoPacClient({
        baseUrl: required(env.SINOPAC_API_BASE_URL, "SINOPAC_API_BASE_URL"),
        shopNo,
        hashValues: {
          a1: required(env.SINOPAC_HASH_A1, "SINOPAC_HASH_A1"),
          a2: required(env.SINOPAC_HASH_A2, "SINOPAC_HASH_A2"),
          b1: required(env.SINOPAC_HASH_B1, "SINOPAC_HASH_B1"),
          b2: required(env.SINOPAC_HASH_B2, "SINOPAC_HASH_B2"),
        },
        keyId: required(env.SINOPAC_KEY_ID, "SINOPAC_KEY_ID"),
        clock: now,
        onCall,
      }),
  });
}
