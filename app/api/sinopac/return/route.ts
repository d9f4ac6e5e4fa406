// POST /api/sinopac/return: SinoPac's card page sends the shopper's browser back here with a
// cross-site, form-encoded POST (ShopNo + PayToken), approved or declined. No session cookie comes
// with it and the body proves nothing: the order is settled only by what OrderPayQuery says.
import { receiveCollectionReturn } from "@/lib/checkout/settle-collection-token";
import { withPublic } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { htmlErrorPage, seeOther } from "@/lib/server/http-responses";

const NOT_OURS_TITLE = "We could not match this payment";
const NOT_OURS =
  "This card payment does not belong to an order of our shop, so nothing was changed. If you paid, your order page shows the result.";

export const POST = withPublic(
  async (request) => {
    const deps = await getAppDeps();
    const token = deps.collections.SINOPAC?.tokenFromReturn(await request.text());
    if (!token) return htmlErrorPage(400, NOT_OURS_TITLE, NOT_OURS);
    const settled = await receiveCollectionReturn(deps, { token, actor: "system:sinopac-return" });
    if (settled.kind === "not_ours") return htmlErrorPage(400, NOT_OURS_TITLE, NOT_OURS);
    const orderId = encodeURIComponent(settled.order.orderId);
    if (settled.order.status === "PAID") return seeOther(`/checkout/success?orderId=${orderId}`);
    return seeOther(`/orders/${orderId}${settled.kind === "declined" ? "?result=declined" : ""}`);
  },
  { isProviderCallback: true, pages: { title: "We could not confirm this card payment" } },
);
