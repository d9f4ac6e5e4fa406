// GET /api/health/ready: readiness for monitoring. 200 when the database answers and the last
// renewal and reconciliation runs finished within their limits (lib/env.ts), 503 otherwise; the
// body says which check failed and the size of the needs-attention queue. /api/health stays the
// liveness check for load balancers (a stopped scheduler must not take the shop offline).
import { withPublic } from "@/lib/server/app-routes";
import { checkReadiness } from "@/lib/server/readiness-check";

export const GET = withPublic(async () => {
  const readiness = await checkReadiness();
  return Response.json(readiness, {
    status: readiness.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
});
