// POST /api/sinopac/checkout: the "Pay by credit card" form of a VIP pass. Writes a PENDING order,
// asks SinoPac for its hosted card page and sends the browser there (303).
import { startCardCheckout } from "@/lib/checkout/start-card-checkout";
import { withShopper } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { seeOther } from "@/lib/server/http-responses";
import { planFormSchema } from "@/lib/server/plan-form";
import { readFormBody } from "@/lib/server/request-body";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";

export const POST = withShopper(
  async (request, { user, rateLimit }) => {
    const form = await readFormBody(request, planFormSchema);
    await rateLimit(RATE_LIMITS.checkoutPerUser);
    const result = await startCardCheckout(await getAppDeps(), {
      userId: user.id,
      planCode: form.planCode,
    });
    return seeOther(result.redirectUrl);
  },
  {
    returnTo: "/",
    pages: { topic: "checkout" },
  },
);
