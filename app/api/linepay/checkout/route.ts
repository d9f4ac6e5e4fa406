// POST /api/linepay/checkout: the "Buy with LINE Pay" form. Writes a PENDING order, asks LINE Pay
// for a payment page and sends the browser there (303).
import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { getAppDeps } from "@/lib/server/app-deps";
import { htmlErrorPage, seeOther } from "@/lib/server/http-responses";
import { BodyError, readFormBody } from "@/lib/server/request-body";
import { isSameOriginRequest } from "@/lib/server/same-origin";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { RateLimitedError, enforceRateLimit } from "@/lib/security/rate-limiter";

const checkoutFormSchema = z.object({ planCode: z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/) });

const MOBILE_USER_AGENT = /Android|iPhone|iPad|iPod|Mobile/i;

export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request, getEnv().APP_BASE_URL)) {
    return htmlErrorPage(403, "Request refused", "This purchase did not come from our shop, so nothing was done.");
  }
  const user = await getSessionUser();
  if (!user) return seeOther("/signin?callbackUrl=%2F");
  try {
    const form = await readFormBody(request, checkoutFormSchema);
    await enforceRateLimit(getAppDb(), RATE_LIMITS.checkoutPerUser, user.id, new Date());
    const result = await startCheckout(await getAppDeps(), {
      userId: user.id,
      planCode: form.planCode,
      preferAppUrl: MOBILE_USER_AGENT.test(request.headers.get("user-agent") ?? ""),
    });
    return seeOther(result.redirectUrl);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return htmlErrorPage(429, "Too many purchases started", `${error.message} Nothing was charged.`, { "Retry-After": String(error.retryAfterSeconds) });
    }
    if (error instanceof BodyError) return htmlErrorPage(error.status, "We could not read that purchase", "Please choose a plan from the plans page. Nothing was charged.");
    if (error instanceof CheckoutError) return htmlErrorPage(error.status, "The purchase could not start", error.message);
    throw error;
  }
}
