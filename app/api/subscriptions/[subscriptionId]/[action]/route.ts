// POST /api/subscriptions/{id}/cancel | resume | rebind: the account page's subscription buttons.
// Cancel and resume return to the account page; rebind sends the shopper to LINE Pay (and counts
// against the shopper's checkout rate limit).
import { getSessionUser } from "@/lib/auth/session";
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { getEnv } from "@/lib/env";
import { getAppDeps } from "@/lib/server/app-deps";
import { htmlErrorPage, seeOther } from "@/lib/server/http-responses";
import { isSameOriginRequest } from "@/lib/server/same-origin";
import { getAppDb } from "@/lib/server/app-db";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { RateLimitedError, enforceRateLimit } from "@/lib/security/rate-limiter";
import { cancelSubscription, resumeSubscription, startRebind } from "@/lib/subscriptions/manage-subscription";

const MOBILE_USER_AGENT = /Android|iPhone|iPad|iPod|Mobile/i;

export async function POST(request: Request, ctx: { params: Promise<{ subscriptionId: string; action: string }> }): Promise<Response> {
  const { subscriptionId, action } = await ctx.params;
  if (!isSameOriginRequest(request, getEnv().APP_BASE_URL)) {
    return htmlErrorPage(403, "Request refused", "This request did not come from our shop, so nothing was changed.");
  }
  const user = await getSessionUser();
  if (!user) return seeOther("/signin?callbackUrl=%2Faccount");
  if (!/^[a-z0-9]{1,40}$/.test(subscriptionId) || !["cancel", "resume", "rebind"].includes(action)) {
    return htmlErrorPage(404, "Not found", "We could not find that subscription action. Nothing was changed.");
  }
  try {
    const deps = await getAppDeps();
    const ids = { userId: user.id, subscriptionId };
    if (action === "cancel") await cancelSubscription(deps, ids);
    if (action === "resume") await resumeSubscription(deps, ids);
    if (action === "rebind") {
      // A re-bind asks LINE Pay for a payment page, like a checkout: it counts against the same limit.
      await enforceRateLimit(getAppDb(), RATE_LIMITS.checkoutPerUser, user.id, new Date());
      const result = await startRebind(deps, { ...ids, preferAppUrl: MOBILE_USER_AGENT.test(request.headers.get("user-agent") ?? "") });
      return seeOther(result.redirectUrl);
    }
    return seeOther("/account");
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return htmlErrorPage(429, "Too many payment pages asked for", `${error.message} Nothing was changed.`, { "Retry-After": String(error.retryAfterSeconds) });
    }
    if (error instanceof CheckoutError) return htmlErrorPage(error.status, "We could not change this subscription", error.message);
    throw error;
  }
}
