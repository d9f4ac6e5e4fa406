// GET /api/linepay/cancel: LINE Pay sends the shopper here after they cancel on the payment page.
// Anyone may open it: it is rate limited per client, and LINE Pay is asked about one order at most
// once per window (lib/security/cancel-lookup-window.ts).
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { withCancelLookupWindow } from "@/lib/security/cancel-lookup-window";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { withPublic } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { problemRedirect, seeOther } from "@/lib/server/http-responses";
import { cancelQuerySchema, queryObject } from "@/lib/server/linepay-query";

export const GET = withPublic(
  async (request, { rateLimit }) => {
    await rateLimit(RATE_LIMITS.cancelLinkPerIp);
    const query = cancelQuerySchema.safeParse(queryObject(request.url));
    if (!query.success) {
      return problemRedirect({ topic: "cancel", reason: "invalid_link" });
    }
    const deps = await getAppDeps();
    const payments = withCancelLookupWindow(deps.payments, deps.db, deps.now());
    const order = await cancelCheckout(
      { ...deps, payments },
      {
        orderId: query.data.orderId,
        transactionId: query.data.transactionId ?? null,
      },
    );
    const orderId = encodeURIComponent(order.orderId);
    return seeOther(
      order.status === "CANCELED" ? `/checkout/cancel?orderId=${orderId}` : `/orders/${orderId}`,
    );
  },
  { pages: { topic: "cancel" } },
);
