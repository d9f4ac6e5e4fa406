// GET /api/linepay/confirm: LINE Pay sends the shopper here after approval. Confirms the payment
// for the amount stored on the order (never the URL's) and shows the result. Works without a
// session: the order itself says who bought what.
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { withPublic } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { htmlErrorPage, seeOther } from "@/lib/server/http-responses";
import { confirmQuerySchema, queryObject } from "@/lib/server/linepay-query";

export const GET = withPublic(
  async (request) => {
    const query = confirmQuerySchema.safeParse(queryObject(request.url));
    if (!query.success) {
      return htmlErrorPage(
        400,
        "This payment link is not valid",
        "The link from LINE Pay is missing its order or transaction number. Nothing was charged.",
      );
    }
    const order = await confirmCheckout(await getAppDeps(), query.data);
    const orderId = encodeURIComponent(order.orderId);
    return seeOther(
      order.status === "PAID" ? `/checkout/success?orderId=${orderId}` : `/orders/${orderId}`,
    );
  },
  { pages: { title: "We could not confirm this payment" } },
);
