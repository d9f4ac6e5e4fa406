// GET /api/admin/renewals/progress?runnerId=admin-…: how far a back-office renewal run has got
// (its run record once written, and how many subscriptions are still due). Admins only.
import { z } from "zod";
import { countDueSubscriptions, findRenewalRunByRunner } from "@/lib/db/admin-renewal-query";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { withAdmin } from "@/lib/server/app-routes";
import { jsonError } from "@/lib/server/http-responses";

const querySchema = z.object({ runnerId: z.string().regex(/^admin-[0-9a-f]{8}$/) });

export const GET = withAdmin(
  async (request) => {
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      return jsonError(
        400,
        "invalid_runner",
        "runnerId must be a back-office runner id (admin-xxxxxxxx).",
      );
    const db = getAppDb();
    const now = (await getAppClock())();
    const [run, stillDue] = await Promise.all([
      findRenewalRunByRunner(db, query.data.runnerId),
      countDueSubscriptions(db, now),
    ]);
    return Response.json({ run, stillDue }, { headers: { "Cache-Control": "no-store" } });
  },
  { unauthenticated: "Sign in as an admin.", forbidden: "Only admins can see renewal runs." },
);
