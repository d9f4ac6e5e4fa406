// POST /api/sinopac/transfer: the "Pay by bank transfer (ATM)" form of a VIP pass. Writes a
// PENDING order, opens a SinoPac virtual account for it and shows the order page with the account.
import { startTransferCheckout } from "@/lib/checkout/start-transfer-checkout";
import { withShopper } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { seeOther } from "@/lib/server/http-responses";
import { sendNoticesSoon } from "@/lib/server/send-notices-soon";
import { planFormSchema } from "@/lib/server/plan-form";
import { readFormBody } from "@/lib/server/request-body";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";

export const POST = withShopper(
  async (request, { user, rateLimit }) => {
    const form = await readFormBody(request, planFormSchema);
    await rateLimit(RATE_LIMITS.checkoutPerUser);
    const { orderId } = await startTransferCheckout(await getAppDeps(), {
      userId: user.id,
      planCode: form.planCode,
    });
    sendNoticesSoon("transfer instructions");
    return seeOther(`/orders/${encodeURIComponent(orderId)}`);
  },
  {
    returnTo: "/",
    pages: { topic: "checkout" },
  },
);
