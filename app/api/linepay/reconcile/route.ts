// GET (Vercel Cron) / POST (other schedulers) /api/linepay/reconcile: checks every order whose money
// state is still open with LINE Pay (approved but never confirmed, lost confirm or renewal answers,
// refunds in flight), then folds the dashboards' queued rollup changes. Authorised by
// `Authorization: Bearer $CRON_SECRET`; answers the run summary.
import { foldPendingRollups } from "@/lib/db/rollup-queue";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import { withCron } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { reconcileDepsFrom } from "@/lib/server/reconcile-deps";

export const maxDuration = 300;

const handle = withCron(async (request) => {
  const deps = await getAppDeps();
  const summary = await runReconciliation(reconcileDepsFrom(deps), {
    trigger: request.method === "GET" ? "cron" : "scheduler",
  });
  // The dashboards' rollups: fold what the money transactions queued, so the queue stays short.
  const rollupChangesFolded = await foldPendingRollups(deps.db);
  return Response.json({ run: summary, rollupChangesFolded });
});

export { handle as GET, handle as POST };
