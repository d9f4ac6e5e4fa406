// GET (Vercel Cron) / POST (other schedulers) /api/linepay/reconcile: checks every order whose money
// state is still open with LINE Pay (approved but never confirmed, lost confirm or renewal answers,
// refunds in flight). Authorised by `Authorization: Bearer $CRON_SECRET`; answers the run summary.
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import { withCron } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { reconcileDepsFrom } from "@/lib/server/reconcile-deps";

export const maxDuration = 300;

const handle = withCron(async (request) => {
  const summary = await runReconciliation(reconcileDepsFrom(await getAppDeps()), {
    trigger: request.method === "GET" ? "cron" : "scheduler",
  });
  return Response.json({ run: summary });
});

export { handle as GET, handle as POST };
