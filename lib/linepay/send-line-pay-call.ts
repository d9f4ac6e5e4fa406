// The one place that talks HTTP to LINE Pay: sign the exact bytes, send them once with a read
// timeout, parse the answer losslessly, classify it, report it to onCall, then return or throw.
import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import type { z } from "zod";
import type { LinePayCallEvent, LinePayCallListener } from "./call-event";
import { classifyReturnCode } from "./classify-return-code";
import { linePayEndpoints, type LinePayEndpoint } from "./endpoints";
import {
  LinePayApiError,
  LinePayError,
  LinePayHttpError,
  LinePayNetworkError,
  LinePayResponseError,
  LinePayTimeoutError,
} from "./errors";
import type { LinePayFetch } from "./node-http-fetch";
import { parseLinePayJson } from "./parse-line-pay-json";
import { redactRegKeys } from "./redact-reg-keys";
import { envelopeSchema, type LinePayEnvelope } from "./response-schemas";
import { signRequest } from "./signature";

export interface LinePayTransport {
  baseUrl: string;
  channelId: string;
  channelSecret: string;
  fetch: LinePayFetch;
  timeouts: Partial<Record<LinePayEndpoint, number>>;
  onCall: LinePayCallListener | undefined;
  now: () => number;
  nonce: () => string;
}

export interface LinePayCall<T> {
  endpoint: LinePayEndpoint;
  apiPath: string;
  /** POST only: the serialised body, sent and signed byte for byte. */
  body?: string;
  /** GET only: the query string exactly as placed on the URL, without '?'. */
  query?: string;
  /** Known regKey of the call, masked wherever it shows up in the event. */
  regKey?: string;
  transactionId?: string;
  orderId?: string;
  /** Schema for `info` on success; absent for calls whose answer is the returnCode itself. */
  infoSchema?: z.ZodType<T>;
}

export interface LinePayAnswer<T> {
  returnCode: string;
  returnMessage: string | undefined;
  info: T;
}

type CallResult<T> = { ok: true; answer: LinePayAnswer<T> } | { ok: false; error: LinePayError };

// Connection never opened, so the request cannot have reached LINE.
const CONNECT_FAILURE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * One LINE Pay call in an OpenTelemetry span ("linepay <endpoint>", a child of the active span):
 * the endpoint, method, ids, HTTP status, returnCode and outcome; never the path (preapproved
 * calls carry the regKey in it), headers, bodies or the channel secret. A no-op without a provider.
 */
export async function sendLinePayCall<T>(
  transport: LinePayTransport,
  call: LinePayCall<T>,
): Promise<LinePayAnswer<T>> {
  const attributes: Attributes = {
    "linepay.endpoint": call.endpoint,
    "http.request.method": linePayEndpoints[call.endpoint].method,
  };
  if (call.orderId) attributes["linepay.order_id"] = call.orderId;
  if (call.transactionId) attributes["linepay.transaction_id"] = call.transactionId;
  const tracer = trace.getTracer("linepay-client");
  return tracer.startActiveSpan(`linepay ${call.endpoint}`, { attributes }, async (span) => {
    try {
      return await sendOnce(transport, call, span);
    } finally {
      span.end();
    }
  });
}

async function sendOnce<T>(
  transport: LinePayTransport,
  call: LinePayCall<T>,
  span: Span,
): Promise<LinePayAnswer<T>> {
  const { endpoint, apiPath } = call;
  const { method } = linePayEndpoints[endpoint];
  const timeoutMs = transport.timeouts[endpoint] ?? linePayEndpoints[endpoint].timeoutMs;
  const payload = method === "GET" ? (call.query ?? "") : (call.body ?? "");
  const nonce = transport.nonce();
  const headers = {
    "Content-Type": "application/json",
    "X-LINE-ChannelId": transport.channelId,
    "X-LINE-Authorization-Nonce": nonce,
    "X-LINE-Authorization": signRequest({
      channelSecret: transport.channelSecret,
      apiPath,
      payload,
      nonce,
    }),
  };
  const url = `${transport.baseUrl}${apiPath}${call.query ? `?${call.query}` : ""}`;
  const errorContext = { endpoint, transactionId: call.transactionId };

  const startedAt = transport.now();
  let httpStatus: number | undefined;
  let text: string | undefined;
  let envelope: LinePayEnvelope | undefined;
  let result: CallResult<T> | undefined;

  // One timer covers headers and body: a confirm answer that stalls mid-body is still "unknown".
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await transport.fetch(url, {
      method,
      headers,
      body: method === "POST" ? call.body : undefined,
      signal: controller.signal,
      redirect: "error",
    });
    httpStatus = response.status;
    text = await response.text();
  } catch (cause) {
    result = controller.signal.aborted
      ? { ok: false, error: new LinePayTimeoutError({ ...errorContext, timeoutMs, cause }) }
      : { ok: false, error: networkError(endpoint, call.transactionId, cause) };
  } finally {
    clearTimeout(timer);
  }

  if (text !== undefined) {
    envelope = parseEnvelope(text);
    result = interpret(call, httpStatus ?? 0, text, envelope);
  }
  result ??= {
    ok: false,
    error: new LinePayResponseError({ ...errorContext, reason: "no response" }),
  };

  const info = result.ok
    ? (result.answer.info as { transactionId?: unknown; orderId?: unknown } | undefined)
    : undefined;
  const knownKeys = call.regKey ? [call.regKey] : [];
  const redact = (s: string) => redactRegKeys(s, knownKeys);
  const event: LinePayCallEvent = {
    endpoint,
    method,
    apiPath: redact(apiPath),
    transactionId:
      call.transactionId ??
      (typeof info?.transactionId === "string" ? info.transactionId : undefined),
    orderId: call.orderId ?? (typeof info?.orderId === "string" ? info.orderId : undefined),
    returnCode: envelope?.returnCode,
    returnMessage:
      envelope?.returnMessage === undefined ? undefined : redact(envelope.returnMessage),
    outcome: result.ok
      ? "SUCCESS"
      : result.error.classification === "definitive"
        ? "FAILURE"
        : "UNKNOWN",
    httpStatus,
    latencyMs: Math.max(0, Math.round(transport.now() - startedAt)),
    request: redact(
      method === "GET" ? JSON.stringify({ query: call.query ?? "" }) : (call.body ?? ""),
    ),
    response: text === undefined ? undefined : redact(text),
    error: result.ok ? undefined : redact(describeError(result.error)),
  };
  await reportCall(transport.onCall, event);

  span.setAttributes({
    "linepay.outcome": event.outcome,
    ...(httpStatus !== undefined && { "http.response.status_code": httpStatus }),
    ...(event.returnCode !== undefined && { "linepay.return_code": event.returnCode }),
    ...(event.transactionId !== undefined && { "linepay.transaction_id": event.transactionId }),
  });
  if (!result.ok) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.name });
    throw result.error;
  }
  return result.answer;
}

function parseEnvelope(text: string): LinePayEnvelope | undefined {
  try {
    const parsed = envelopeSchema.safeParse(parseLinePayJson(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON
  }
}

function interpret<T>(
  call: LinePayCall<T>,
  httpStatus: number,
  text: string,
  envelope: LinePayEnvelope | undefined,
): CallResult<T> {
  const { endpoint, transactionId } = call;
  const { returnCode, returnMessage } = envelope ?? {};
  const context = { endpoint, transactionId, httpStatus, returnCode, returnMessage };
  // Business answers are always HTTP 200; anything else came from infrastructure in front of LINE.
  if (httpStatus < 200 || httpStatus > 299)
    return { ok: false, error: new LinePayHttpError(context) };
  if (!envelope) {
    const reason = text.trim() === "" ? "empty body" : "not a LINE Pay JSON envelope";
    return { ok: false, error: new LinePayResponseError({ ...context, reason }) };
  }
  const verdict = classifyReturnCode(endpoint, envelope.returnCode);
  if (verdict !== "success") {
    const classification = verdict === "unknown_outcome" ? "unknown" : "definitive";
    return {
      ok: false,
      error: new LinePayApiError({ ...context, returnCode: envelope.returnCode, classification }),
    };
  }
  if (!call.infoSchema) {
    return {
      ok: true,
      answer: { returnCode: envelope.returnCode, returnMessage, info: undefined as T },
    };
  }
  const info = call.infoSchema.safeParse(envelope.info);
  if (!info.success) {
    const where = info.error.issues.map((i) => i.path.join(".") || "info").join(", ");
    return {
      ok: false,
      error: new LinePayResponseError({ ...context, reason: `unexpected info shape at ${where}` }),
    };
  }
  return { ok: true, answer: { returnCode: envelope.returnCode, returnMessage, info: info.data } };
}

function networkError(
  endpoint: LinePayEndpoint,
  transactionId: string | undefined,
  cause: unknown,
) {
  const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const isConnectFailure = typeof code === "string" && CONNECT_FAILURE_CODES.has(code);
  return new LinePayNetworkError({ endpoint, transactionId, cause, isConnectFailure });
}

function describeError(error: LinePayError): string {
  const cause = error.cause as
    { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const detail = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message;
  const summary = `${error.name}: ${error.message}`;
  return typeof detail === "string" && detail !== "" ? `${summary} (${detail})` : summary;
}

/** A failing listener must never hide or change the payment result the caller is waiting for. */
async function reportCall(
  listener: LinePayCallListener | undefined,
  event: LinePayCallEvent,
): Promise<void> {
  if (!listener) return;
  try {
    await listener(event);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // The client stands alone (no app logger): stderr, with nothing but the endpoint and reason.
    console.error(
      `[linepay] onCall listener failed for ${event.endpoint} ${event.apiPath}: ${reason}`,
    );
  }
}
