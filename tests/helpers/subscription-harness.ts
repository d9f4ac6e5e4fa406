// Subscription helpers on top of the checkout harness: a movable app clock, the full subscribe flow
// through the sandbox, and renewal runs with real parts.
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { AppDeps } from "@/lib/server/app-deps";
import { runRenewals, type RenewalRunOptions } from "@/lib/subscriptions/renewal-engine";
import type { RenewalDeps } from "@/lib/subscriptions/renewal-types";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { redirectParams, type CheckoutHarness, type SandboxEndpoint } from "./checkout-harness";

export interface MovableClock {
  now: () => Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function movableClock(start = new Date()): MovableClock {
  let offset = start.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    set: (at) => {
      offset = at.getTime() - Date.now();
    },
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function renewalDeps(deps: AppDeps): RenewalDeps {
  return renewalDepsFrom(deps);
}

/** Sign-up-to-ACTIVE: subscribe, approve on the sandbox, confirm. Returns the subscription row. */
export async function subscribe(
  h: CheckoutHarness<SandboxEndpoint>,
  deps: AppDeps,
  planCode = "vip-monthly",
) {
  const shopper = await h.createShopper();
  const started = await startCheckout(deps, { userId: shopper.id, planCode, preferAppUrl: false });
  const order = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
  const back = redirectParams(
    (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
  );
  const paid = await confirmCheckout(deps, back);
  if (paid.status !== "PAID") throw new Error(`subscribe ended ${paid.status}`);
  // The sealed regKey is omitted unless asked for; these tests check it.
  const subscription = await deps.db.subscription.findUniqueOrThrow({
    where: { id: order.subscriptionId as string },
    omit: { regKeyCiphertext: false },
  });
  return { shopper, order, subscription };
}

export function renew(deps: AppDeps, options: Partial<RenewalRunOptions> = {}) {
  return runRenewals(renewalDeps(deps), { trigger: "test", concurrency: 5, ...options });
}
