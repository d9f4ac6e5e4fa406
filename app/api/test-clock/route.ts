// GET/POST /api/test-clock: development and test only (TEST_CLOCK_ENABLED=1, never in production).
// POST {advanceMs} or {nowIso} moves the app's clock and the local LINE Pay sandbox's together.
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { TestClockError, getAppClock, isTestClockEnabled, setTestClock } from "@/lib/server/app-clock";
import { hasValidBearer } from "@/lib/server/bearer-auth";
import { jsonError } from "@/lib/server/http-responses";
import { BodyError, readJsonBody } from "@/lib/server/request-body";
import { isSameOriginRequest } from "@/lib/server/same-origin";

const moveSchema = z.union([
  z.object({ advanceMs: z.number().int().min(0).max(10 * 366 * 24 * 3600 * 1000) }).strict(),
  z.object({ nowIso: z.iso.datetime() }).strict(),
]);

function refusal(request: Request): Response | null {
  if (!isTestClockEnabled()) return jsonError(404, "not_found", "The test clock is not enabled here");
  if (!isSameOriginRequest(request, getEnv().APP_BASE_URL)) return jsonError(403, "cross_origin", "Cross-site requests are not allowed");
  if (!hasValidBearer(request, getEnv().CRON_SECRET)) return jsonError(401, "unauthorized", "A valid Bearer CRON_SECRET is required");
  return null;
}

export async function GET(request: Request): Promise<Response> {
  const refused = refusal(request);
  if (refused) return refused;
  return Response.json({ now: (await getAppClock())().toISOString() });
}

export async function POST(request: Request): Promise<Response> {
  const refused = refusal(request);
  if (refused) return refused;
  try {
    const body = await readJsonBody(request, moveSchema);
    const now = (await getAppClock())();
    const target = "advanceMs" in body ? new Date(now.getTime() + body.advanceMs) : new Date(body.nowIso);
    return Response.json({ now: (await setTestClock(target)).toISOString() });
  } catch (error) {
    if (error instanceof BodyError) return jsonError(error.status, error.code, error.message);
    if (error instanceof TestClockError) return jsonError(409, "clock_unavailable", error.message);
    throw error;
  }
}
