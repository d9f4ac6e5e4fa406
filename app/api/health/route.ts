// GET /api/health: liveness plus a database round trip, for load balancers and the test stack.
import { getAppDb } from "@/lib/server/app-db";
import { withPublic } from "@/lib/server/app-routes";

export const GET = withPublic(async () => {
  try {
    await getAppDb().plan.count();
    return Response.json({ ok: true });
  } catch {
    return Response.json(
      { ok: false, error: { code: "database_unavailable", message: "Database unavailable" } },
      { status: 503 },
    );
  }
});
