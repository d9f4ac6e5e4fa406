// Registers the OpenTelemetry tracer provider for this process: request, LINE Pay and database
// spans (lib/observability/tracing.ts, the Kysely dialect) then go to `processors`, and so do the
// Prisma client's own spans (each ORM call, its transactions and SQL statements, values left out),
// through @prisma/instrumentation, which the generated client finds on a global. instrumentation.ts
// and the job commands start it with the standard OTLP settings (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS); tests pass an in-memory exporter.
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { PrismaInstrumentation } from "@prisma/instrumentation";
import type { Resource } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { telemetryResource } from "./telemetry-resource";

export function startTracing(processors: SpanProcessor[], resource?: Resource): TracerProvider {
  const provider = new TracerProvider({ spanProcessors: processors, resource });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  // `enabled: false` keeps its module hooks off: the Prisma client needs only the global helper
  // that enable() sets.
  const prisma = new PrismaInstrumentation({ enabled: false });
  prisma.setTracerProvider(provider);
  prisma.enable();
  return provider;
}

/** Tracing to an OTLP collector when the standard OTLP variables name one; otherwise nothing. */
export async function startTracingFromEnv(
  env: Record<string, string | undefined>,
  serviceName = "storefront",
): Promise<TracerProvider | null> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return null;
  if (env.OTEL_SDK_DISABLED === "true") return null;
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  return startTracing(
    [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
    telemetryResource(serviceName),
  );
}
