// POST /api/linepay/checkout: the "Buy with LINE Pay" form. Writes a PENDING order (or hands back
// the shopper's open one for the plan), asks LINE Pay for a payment page and sends the browser
// there (303); phones go through /checkout/open (app link, then the web page). A second
// subscription is refused: the browser goes to the plan change page instead (303), nothing written.
import { startCheckout } from "@/lib/checkout/start-checkout";
import { AlreadySubscribedError } from "@/lib/checkout/start-subscription";
import { withShopper } from "@/lib/server/app-routes";
import { setUserLocale } from "@/lib/db/user-repository";
import { getAppDeps } from "@/lib/server/app-deps";
import { requestLocale } from "@/lib/server/request-locale";
import { seeOther } from "@/lib/server/http-responses";
import { paymentRedirect } from "@/lib/server/payment-redirect";
import { planFormSchema } from "@/lib/server/plan-form";
import { readFormBody } from "@/lib/server/request-body";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";

export const POST = withShopper(
  async (request, { user, rateLimit }) => {
    const form = await readFormBody(request, planFormSchema);
    await rateLimit(RATE_LIMITS.checkoutPerUser);
    const deps = await getAppDeps();
    // The receipt and every later notice for this purchase speak the language it was made in.
    await setUserLocale(deps.db, user, requestLocale(request));
    try {
      const result = await startCheckout(deps, {
        userId: user.id,
        planCode: form.planCode,
      });
      return seeOther(paymentRedirect(request, result));
    } catch (error) {
      // One subscription per shopper: nothing was started; the plan change page says so, in the
      // shopper's language, and offers the switch instead.
      if (error instanceof AlreadySubscribedError) {
        const query = new URLSearchParams({ result: "one_subscription", plan: error.planCode });
        return seeOther(`/account/plan-change?${query.toString()}`);
      }
      throw error;
    }
  },
  {
    returnTo: "/",
    pages: { topic: "checkout" },
  },
);
