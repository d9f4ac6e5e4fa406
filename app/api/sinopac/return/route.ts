// POST /api/sinopac/return: SinoPac's card page sends the shopper's browser back here with a
// cross-site, form-encoded POST (ShopNo + PayToken), approved or declined. No session cookie comes
// with it and the body proves nothing: the order is settled only by what OrderPayQuery says.
import { receiveCollectionReturn } from "@/lib/checkout/settle-collection-token";
import { withPublic } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { problemRedirect, seeOther } from "@/lib/server/http-responses";

// A token that is not ours (forged, replayed elsewhere) changes nothing; the page says so.
const NOT_OURS = { topic: "confirm", reason: "payment_not_ours" } as const;

export const POST = withPublic(
  async (request) => {
    const deps = await getAppDeps();
    const token = deps.collections.SINOPAC?.tokenFromReturn(await request.text());
    if (!token) return problemRedirect(NOT_OURS);
    const settled = await receiveCollectionReturn(deps, { token, actor: "system:sinopac-return" });
    if (settled.kind === "not_ours") return problemRedirect(NOT_OURS);
    const orderId = encodeURIComponent(settled.order.orderId);
    if (settled.order.status === "PAID") return seeOther(`/checkout/success?orderId=${orderId}`);
    return seeOther(`/orders/${orderId}${settled.kind === "declined" ? "?result=declined" : ""}`);
  },
  { isProviderCallback: true, pages: { topic: "confirm" } },
);
