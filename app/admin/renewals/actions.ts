"use server";
// "Run now": starts a renewal run in the background (after the response, so the page can show its
// progress) and records who started it.
import { randomBytes } from "node:crypto";
import { after } from "next/server";
import { requireAdmin } from "@/lib/auth/session";
import { countDueSubscriptions } from "@/lib/db/admin-renewal-query";
import { recordAudit } from "@/lib/db/audit-repository";
import { getAppDeps } from "@/lib/server/app-deps";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import { runRenewals } from "@/lib/subscriptions/renewal-engine";
import { describeErrorForLog, logger } from "@/lib/logger";
import { statusReason } from "@/lib/billing/status-reason";

export type RunNowState =
  | { kind: "idle" }
  | { kind: "started"; runnerId: string; dueAtStart: number }
  | { kind: "failed"; detail: string };

export async function runNowAction(_previous: RunNowState): Promise<RunNowState> {
  const admin = await requireAdmin("/admin/renewals");
  const deps = await getAppDeps();
  const runnerId = `admin-${randomBytes(4).toString("hex")}`;
  const dueAtStart = await countDueSubscriptions(deps.db, deps.now());
  await recordAudit(deps.db, {
    at: deps.now(),
    actor: `admin:${admin.id}`,
    actorLabel: admin.email,
    action: "renewals.run",
    targetType: "RENEWAL_RUN",
    targetId: runnerId,
    reason: statusReason("admin.renewals_run"),
    after: { dueAtStart },
  });
  after(async () => {
    try {
      await runRenewals(renewalDepsFrom(deps), { trigger: "admin", runnerId });
    } catch (error) {
      logger.error({ runnerId, error: describeErrorForLog(error) }, "renewal run failed");
    }
  });
  return { kind: "started", runnerId, dueAtStart };
}
