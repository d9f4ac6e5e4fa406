// GET /api/linepay/cancel: LINE Pay sends the shopper here after they cancel on the payment page.
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { withPublic } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { htmlErrorPage, seeOther } from "@/lib/server/http-responses";
import { cancelQuerySchema, queryObject } from "@/lib/server/linepay-query";

export const GET = withPublic(
  async (request) => {
    const query = cancelQuerySchema.safeParse(queryObject(request.url));
    if (!query.success) {
      return htmlErrorPage(
        400,
        "This link is not valid",
        "The link from LINE Pay is missing its order number. Nothing was charged.",
      );
    }
    const order = await cancelCheckout(await getAppDeps(), {
      orderId: query.data.orderId,
      transactionId: query.data.transactionId ?? null,
    });
    const orderId = encodeURIComponent(order.orderId);
    return seeOther(
      order.status === "CANCELED" ? `/checkout/cancel?orderId=${orderId}` : `/orders/${orderId}`,
    );
  },
  { pages: { title: "We could not process this cancellation" } },
);
