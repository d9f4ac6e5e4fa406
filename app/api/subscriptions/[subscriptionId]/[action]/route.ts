// POST /api/subscriptions/{id}/cancel | resume | rebind: the account page's subscription buttons.
// Cancel and resume return to the account page; rebind sends the shopper to LINE Pay (and counts
// against the shopper's checkout rate limit).
import { withShopper } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { htmlErrorPage, seeOther } from "@/lib/server/http-responses";
import { isPhoneRequest, paymentRedirect } from "@/lib/server/payment-redirect";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import {
  cancelSubscription,
  resumeSubscription,
  startRebind,
} from "@/lib/subscriptions/manage-subscription";

export const POST = withShopper<{ subscriptionId: string; action: string }>(
  async (request, { params: { subscriptionId, action }, user, rateLimit }) => {
    if (
      !/^[a-z0-9]{1,40}$/.test(subscriptionId) ||
      !["cancel", "resume", "rebind"].includes(action)
    ) {
      return htmlErrorPage(
        404,
        "Not found",
        "We could not find that subscription action. Nothing was changed.",
      );
    }
    const deps = await getAppDeps();
    const ids = { userId: user.id, subscriptionId };
    if (action === "cancel") await cancelSubscription(deps, ids);
    if (action === "resume") await resumeSubscription(deps, ids);
    if (action === "rebind") {
      // A re-bind asks LINE Pay for a payment page, like a checkout: it counts against the same limit.
      await rateLimit(RATE_LIMITS.checkoutPerUser);
      const result = await startRebind(deps, {
        ...ids,
        preferAppUrl: isPhoneRequest(request),
      });
      return seeOther(paymentRedirect(request, result));
    }
    return seeOther("/account");
  },
  {
    returnTo: "/account",
    pages: {
      title: "We could not change this subscription",
      crossOrigin: "This request did not come from our shop, so nothing was changed.",
      rateLimited: {
        title: "Too many payment pages asked for",
        afterMessage: "Nothing was changed.",
      },
    },
  },
);
