// GET/POST /api/test-clock: development and test only (TEST_CLOCK_ENABLED=1, never in production).
// POST {advanceMs} or {nowIso} moves the app's clock and the local LINE Pay sandbox's together.
import { z } from "zod";
import { getAppClock, isTestClockEnabled, setTestClock } from "@/lib/server/app-clock";
import { withCron } from "@/lib/server/app-routes";
import { readJsonBody } from "@/lib/server/request-body";

const moveSchema = z.union([
  z
    .object({
      advanceMs: z
        .number()
        .int()
        .min(0)
        .max(10 * 366 * 24 * 3600 * 1000),
    })
    .strict(),
  z.object({ nowIso: z.iso.datetime() }).strict(),
]);

const onlyWhenEnabled = {
  isEnabled: isTestClockEnabled,
  disabledMessage: "The test clock is not enabled here",
};

export const GET = withCron(
  async () => Response.json({ now: (await getAppClock())().toISOString() }),
  onlyWhenEnabled,
);

export const POST = withCron(async (request) => {
  const body = await readJsonBody(request, moveSchema);
  const now = (await getAppClock())();
  const target =
    "advanceMs" in body ? new Date(now.getTime() + body.advanceMs) : new Date(body.nowIso);
  return Response.json({ now: (await setTestClock(target)).toISOString() });
}, onlyWhenEnabled);
