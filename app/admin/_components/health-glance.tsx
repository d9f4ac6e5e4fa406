// The back office's glance at readiness (the same as GET /api/health/ready): whether the renewal
// and reconciliation runs still finish within their limits, and the needs-attention queue.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { JobFreshness } from "@/lib/health/readiness";
import { checkReadiness } from "@/lib/server/readiness-check";
import { formatDateTime } from "./format";
import { Alert } from "../../_components/ui/alert";

export async function HealthGlance() {
  const [t, locale, readiness] = [
    await getTranslations("admin.health"),
    await getLocale(),
    await checkReadiness(),
  ];
  const job = (name: "renewals" | "reconciliation", freshness: JobFreshness) => (
    <li data-testid={`health-${name}`} data-ok={freshness.ok}>
      <strong>{t(name)}</strong> —{" "}
      {freshness.lastCompletedAt
        ? t("lastRun", {
            when: formatDateTime(new Date(freshness.lastCompletedAt), locale),
            minutes: Math.floor((freshness.ageSeconds ?? 0) / 60),
          })
        : t("never")}
      {freshness.ok || !freshness.lastCompletedAt
        ? null
        : ` ${t("stale", { limit: freshness.staleAfterSeconds / 60 })}`}
    </li>
  );
  return (
    <Alert
      tone={readiness.ok ? "success" : "danger"}
      role="region"
      aria-label={t("label")}
      data-testid="health-glance"
      data-ok={readiness.ok}
      className="text-sm"
    >
      <strong className={readiness.ok ? "text-success" : "text-danger"}>
        {readiness.ok ? t("ok") : t("notOk")}
      </strong>
      <ul className="mt-1 mb-0">
        {readiness.database.ok ? null : <li>{t("database")}</li>}
        {job("renewals", readiness.renewals)}
        {job("reconciliation", readiness.reconciliation)}
        {readiness.needsAttention ? (
          <li>
            <Link href="/admin/attention">
              {t("attention", { count: readiness.needsAttention.count })}
            </Link>
          </li>
        ) : null}
      </ul>
    </Alert>
  );
}
