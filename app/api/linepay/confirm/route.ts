// GET /api/linepay/confirm: LINE Pay sends the shopper here after approval. Confirms the payment
// for the amount stored on the order (never the URL's) and shows the result. Works without a
// session: the order itself says who bought what. A link we cannot use goes to the problem page.
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { withPublic } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { problemRedirect, seeOther } from "@/lib/server/http-responses";
import { confirmQuerySchema, queryObject } from "@/lib/server/linepay-query";

export const GET = withPublic(
  async (request) => {
    const query = confirmQuerySchema.safeParse(queryObject(request.url));
    if (!query.success) {
      return problemRedirect({ topic: "confirm", reason: "invalid_link" });
    }
    const order = await confirmCheckout(await getAppDeps(), query.data);
    const orderId = encodeURIComponent(order.orderId);
    return seeOther(
      order.status === "PAID" ? `/checkout/success?orderId=${orderId}` : `/orders/${orderId}`,
    );
  },
  { pages: { topic: "confirm" } },
);
