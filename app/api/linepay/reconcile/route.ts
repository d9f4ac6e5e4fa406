// GET (Vercel Cron) / POST (other schedulers) /api/linepay/reconcile: checks every order whose money
// state is still open with LINE Pay (approved but never confirmed, lost confirm or renewal answers,
// refunds in flight). Authorised by `Authorization: Bearer $CRON_SECRET`; answers the run summary.
import { getEnv } from "@/lib/env";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import { hasValidBearer } from "@/lib/server/bearer-auth";
import { getAppDeps } from "@/lib/server/app-deps";
import { jsonError } from "@/lib/server/http-responses";
import { reconcileDepsFrom } from "@/lib/server/reconcile-deps";
import { isSameOriginRequest } from "@/lib/server/same-origin";

export const maxDuration = 300;

async function handle(request: Request): Promise<Response> {
  // Schedulers send no Origin; a browser on another site never gets this far.
  if (!isSameOriginRequest(request, getEnv().APP_BASE_URL)) return jsonError(403, "cross_origin", "Cross-site requests are not allowed");
  if (!hasValidBearer(request, getEnv().CRON_SECRET)) return jsonError(401, "unauthorized", "A valid Bearer CRON_SECRET is required");
  const summary = await runReconciliation(reconcileDepsFrom(await getAppDeps()), { trigger: request.method === "GET" ? "cron" : "scheduler" });
  return Response.json({ run: summary });
}

export { handle as GET, handle as POST };
