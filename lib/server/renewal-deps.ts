// The renewal engine's collaborators from the app's wiring (one place for the cron route, the CLI
// and the back office, so every trigger charges with the same product name and policy).
import { RENEWAL_PRODUCT_NAME, type RenewalDeps } from "@/lib/subscriptions/renewal-types";
import type { AppDeps } from "./app-deps";

export function renewalDepsFrom(deps: AppDeps): RenewalDeps {
  return {
    db: deps.db,
    payments: deps.payments,
    vault: deps.vault,
    policy: deps.policy,
    now: deps.now,
    productName: () => RENEWAL_PRODUCT_NAME,
  };
}
