// GET (Vercel Cron) / POST (other schedulers) /api/linepay/renewals: charges due subscriptions with
// their stored regKeys. Authorised by `Authorization: Bearer $CRON_SECRET`; answers the run summary.
import { getEnv } from "@/lib/env";
import { hasValidBearer } from "@/lib/server/bearer-auth";
import { getAppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { jsonError } from "@/lib/server/http-responses";
import { isSameOriginRequest } from "@/lib/server/same-origin";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";

// A run may take a while with many due subscriptions (Vercel: raise with the plan's limit).
export const maxDuration = 300;

async function handle(request: Request): Promise<Response> {
  // Schedulers send no Origin; a browser on another site never gets this far.
  if (!isSameOriginRequest(request, getEnv().APP_BASE_URL)) return jsonError(403, "cross_origin", "Cross-site requests are not allowed");
  if (!hasValidBearer(request, getEnv().CRON_SECRET)) return jsonError(401, "unauthorized", "A valid Bearer CRON_SECRET is required");
  const deps = await getAppDeps();
  const summary = await runRenewals(renewalDepsFrom(deps), { trigger: request.method === "GET" ? "cron" : "scheduler" });
  return Response.json({ run: summary });
}

export { handle as GET, handle as POST };
