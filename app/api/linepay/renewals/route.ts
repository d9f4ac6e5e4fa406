// GET (Vercel Cron) / POST (other schedulers) /api/linepay/renewals: charges due subscriptions with
// their stored regKeys. Authorised by `Authorization: Bearer $CRON_SECRET`; answers the run summary.
import { withCron } from "@/lib/server/app-routes";
import { getAppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";

// A run may take a while with many due subscriptions (Vercel: raise with the plan's limit).
export const maxDuration = 300;

const handle = withCron(async (request) => {
  const summary = await runRenewals(renewalDepsFrom(await getAppDeps()), {
    trigger: request.method === "GET" ? "cron" : "scheduler",
  });
  return Response.json({ run: summary });
});

export { handle as GET, handle as POST };
