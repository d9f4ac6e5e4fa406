// Who is reporting, on every span and metric: `service.name` (OTEL_SERVICE_NAME overrides the
// default given here), OTEL_RESOURCE_ATTRIBUTES, and an id per process so a collector can tell the
// app servers and each job run apart (their counters are cumulative per process).
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
} from "@opentelemetry/resources";

export function telemetryResource(defaultServiceName: string): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ "service.name": defaultServiceName }))
    .merge(detectResources({ detectors: [serviceInstanceIdDetector, envDetector] }));
}
