// Spans for what a purchase is made of: the app's requests (route wrappers), every LINE Pay call and
// every database transaction. Through @opentelemetry/api only: without a registered provider (no
// OTLP settings, most tests) each call is a no-op. Attributes are ids, endpoints and outcomes,
// never secrets, regKeys, bodies or headers; a failure is marked with the error's name only.
import { SpanStatusCode, context, trace, type Attributes, type Span } from "@opentelemetry/api";

const tracer = () => trace.getTracer("storefront");

/** Runs `work` inside a new span (a child of the active one) and ends it however `work` ends. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorName(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * A span that starts now and is ended by the caller (a transaction begun in one call and committed
 * in another): a child of the span active when it starts.
 */
export function startDetachedSpan(name: string, attributes: Attributes): Span {
  return tracer().startSpan(name, { attributes }, context.active());
}

export function endSpan(span: Span, outcome: "ok" | { error: unknown }): void {
  if (outcome !== "ok")
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorName(outcome.error) });
  span.end();
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
