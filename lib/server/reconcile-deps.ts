// The reconciliation job's collaborators from the app's wiring (the cron route, the CLI and the
// back office's "verify now" all check orders the same way).
import type { ReconcileDeps } from "@/lib/reconciliation/check-open-order";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import type { AppDeps } from "./app-deps";
import { renewalDepsFrom } from "./renewal-deps";

export function reconcileDepsFrom(deps: AppDeps): ReconcileDeps {
  return { checkout: deps, renewal: renewalDepsFrom(deps), schedule: DEFAULT_RECONCILE_SCHEDULE };
}
