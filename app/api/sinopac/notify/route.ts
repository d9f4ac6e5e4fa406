// POST /api/sinopac/notify: SinoPac's server-to-server notification (BackendURL), JSON
// {ShopNo, PayToken}, unsigned, retried every 10 minutes up to 5 times until acknowledged with
// {"Status":"S"}. The acknowledgement is sent only once the token is durably recorded; the body
// proves nothing, so the order is settled only by what OrderPayQuery says. Rate limited per source
// address (generously: SinoPac's own retries never come near it), before anything is read.
import { receiveCollectionNotification } from "@/lib/checkout/settle-collection-token";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { withPublic } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";

function reply(status: number, body: string, contentType = "application/json"): Response {
  return new Response(body, { status, headers: { "Content-Type": contentType } });
}

export const POST = withPublic(
  async (request, { rateLimit }) => {
    await rateLimit(RATE_LIMITS.sinopacNotifyPerIp);
    const deps = await getAppDeps();
    const gateway = deps.collections.SINOPAC;
    const token = gateway?.tokenFromNotification(await request.text());
    // Not ours or malformed: refused (SinoPac's own notifications always carry both fields).
    if (!gateway || !token) return reply(400, '{"Status":"F"}');
    await receiveCollectionNotification(deps, { token, actor: "system:sinopac-notify" });
    return reply(200, gateway.notificationAck.body, gateway.notificationAck.contentType);
  },
  { isProviderCallback: true },
);
