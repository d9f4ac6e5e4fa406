// Registers the OpenTelemetry meter provider for this process: the counters and gauges of
// lib/observability/metrics.ts then go to `readers`. instrumentation.ts and the job commands start
// it with the standard OTLP settings (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS, OTEL_METRIC_EXPORT_INTERVAL);
// tests pass an in-memory reader.
import { metrics } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type IMetricReader,
} from "@opentelemetry/sdk-metrics";
import { telemetryResource } from "./telemetry-resource";

export function startMetrics(readers: IMetricReader[], resource?: Resource): MeterProvider {
  const provider = new MeterProvider({ readers, resource });
  metrics.setGlobalMeterProvider(provider);
  return provider;
}

/** Metrics to an OTLP collector when the standard OTLP variables name one; otherwise nothing. */
export async function startMetricsFromEnv(
  env: Record<string, string | undefined>,
  serviceName = "storefront",
): Promise<MeterProvider | null> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) return null;
  if (env.OTEL_SDK_DISABLED === "true") return null;
  const { OTLPMetricExporter } = await import("@opentelemetry/exporter-metrics-otlp-http");
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000;
  return startMetrics(
    [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: interval,
      }),
    ],
    telemetryResource(serviceName),
  );
}
