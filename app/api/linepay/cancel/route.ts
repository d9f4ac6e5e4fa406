// GET /api/linepay/cancel: LINE Pay sends the shopper here after they cancel on the payment page.
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { getAppDeps } from "@/lib/server/app-deps";
import { htmlErrorPage, seeOther } from "@/lib/server/http-responses";
import { cancelQuerySchema, queryObject } from "@/lib/server/linepay-query";

export async function GET(request: Request): Promise<Response> {
  const query = cancelQuerySchema.safeParse(queryObject(request.url));
  if (!query.success) {
    return htmlErrorPage(400, "This link is not valid", "The link from LINE Pay is missing its order number. Nothing was charged.");
  }
  try {
    const order = await cancelCheckout(await getAppDeps(), { orderId: query.data.orderId, transactionId: query.data.transactionId ?? null });
    const orderId = encodeURIComponent(order.orderId);
    return seeOther(order.status === "CANCELED" ? `/checkout/cancel?orderId=${orderId}` : `/orders/${orderId}`);
  } catch (error) {
    if (error instanceof CheckoutError) return htmlErrorPage(error.status, "We could not process this cancellation", error.message);
    throw error;
  }
}
