// Traces and metrics for the app server (instrumentation.ts) or a job command (renewals, reconcile)
// from the standard OTLP settings, and the flush a short-lived job needs before it exits: without
// it the last run's spans and counters would be lost with the process.
import { observeOpenOrders, type OpenOrderCounts } from "./metrics";
import { startMetricsFromEnv } from "./start-metrics";
import { startTracingFromEnv } from "./start-tracing";

export interface Telemetry {
  /** Sends what is still buffered and stops; safe when nothing was started. */
  shutdown(): Promise<void>;
}

/**
 * `serviceName`: the default `service.name` (the app server "storefront", a job its own);
 * `openOrders`: reads the backlog and needs-attention gauges, only when metrics are exported.
 */
export async function startTelemetryFromEnv(
  env: Record<string, string | undefined>,
  serviceName: string,
  openOrders?: () => Promise<OpenOrderCounts>,
): Promise<Telemetry> {
  const tracer = await startTracingFromEnv(env, serviceName);
  const meter = await startMetricsFromEnv(env, serviceName);
  if (meter && openOrders) observeOpenOrders(openOrders);
  return {
    async shutdown() {
      // A collector that cannot be reached must not turn a finished run into a failed one.
      await Promise.allSettled([tracer?.shutdown(), meter?.shutdown()]);
    },
  };
}
