// Runs once when the server starts: a bad environment (lib/env.ts) stops `next start` with its
// message at once, instead of surfacing as a 500 on the first request that reads it; and traces
// (requests, LINE Pay calls, database transactions) and metrics (renewals, declines, backlog) go
// to an OTLP collector when the standard OTEL_EXPORTER_OTLP_* variables name one. Both are
// Node-only (the check may exit the process), so the Edge build never sees them.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvAtStart } = await import("./lib/server/check-env-at-start");
    checkEnvAtStart();
    const { startTelemetryFromEnv } = await import("./lib/observability/start-telemetry");
    // The open-order gauges read the database at each export (loaded only when metrics are on).
    await startTelemetryFromEnv(process.env, "storefront", async () => {
      const { countOpenOrders } = await import("./lib/db/reconciliation-repository");
      const { getAppDb } = await import("./lib/server/app-db");
      return countOpenOrders(getAppDb());
    });
  }
}
