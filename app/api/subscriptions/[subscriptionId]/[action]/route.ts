// POST /api/subscriptions/{id}/cancel | resume | rebind | change-plan | cancel-change: the account
// page's subscription buttons and the plan change page's confirm. Cancel and resume return to the
// account page; rebind sends the shopper to LINE Pay (and counts against the shopper's checkout rate
// limit); a plan change (charged with the stored regKey, no LINE Pay page) returns to the plan
// change page, which says what happened.
import { withShopper } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { problemRedirect, seeOther } from "@/lib/server/http-responses";
import { isPhoneRequest, paymentRedirect } from "@/lib/server/payment-redirect";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { z } from "zod";
import { planCodeSchema } from "@/lib/server/plan-form";
import { readFormBody } from "@/lib/server/request-body";
import { handlePlanChangeRequest } from "@/lib/subscriptions/plan-change-request";

const planChangeFormSchema = z.object({
  planCode: planCodeSchema.optional(),
  intent: z.enum(["upgrade", "downgrade"]).optional(),
  confirmedChargeMinor: z.coerce.number().int().min(0).max(100_000_000).optional(),
});
import {
  cancelSubscription,
  resumeSubscription,
  startRebind,
} from "@/lib/subscriptions/manage-subscription";

export const POST = withShopper<{ subscriptionId: string; action: string }>(
  async (request, { params: { subscriptionId, action }, user, rateLimit }) => {
    if (
      !/^[a-z0-9]{1,40}$/.test(subscriptionId) ||
      !["cancel", "resume", "rebind", "change-plan", "cancel-change"].includes(action)
    ) {
      return problemRedirect({ topic: "subscription", reason: "action_not_found" });
    }
    const deps = await getAppDeps();
    const ids = { userId: user.id, subscriptionId };
    if (action === "change-plan" || action === "cancel-change") {
      const form = await readFormBody(request, planChangeFormSchema);
      // An upgrade charges the stored regKey: it counts against the checkout limit like a payment.
      if (action === "change-plan") await rateLimit(RATE_LIMITS.checkoutPerUser);
      const result = await handlePlanChangeRequest(deps, { ...ids, action, form });
      const query = new URLSearchParams({ result: result.notice });
      if (result.reason) query.set("reason", result.reason);
      if (result.planCode) query.set("plan", result.planCode);
      return seeOther(`/account/plan-change?${query.toString()}`);
    }
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
    pages: { topic: "subscription" },
  },
);
