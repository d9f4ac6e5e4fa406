// The one place that talks HTTP to QPay: a fresh /Nonce, then /Order with the encrypted, signed
// payload; the answer is decrypted with *its own* nonce and its Sign verified before any field is
// believed. Every call is reported to onCall (masked), then returned or thrown.
import type { z } from "zod";
import { maskedJson, type SinoPacCallListener, type SinoPacService } from "./call-event";
import { decryptMessage, encryptMessage, sign, signsMatch } from "./crypto";
import {
  SinoPacApiError,
  SinoPacError,
  SinoPacNetworkError,
  SinoPacNotSentError,
  SinoPacResponseError,
  SinoPacTimeoutError,
} from "./errors";
import { commonAnswerSchema, nonceAnswerSchema, orderEnvelopeSchema } from "./response-schemas";

export type SinoPacFetch = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface SinoPacTransport {
  baseUrl: string;
  shopNo: string;
  hashId: string;
  keyId: string;
  fetch: SinoPacFetch;
  timeoutMs: number;
  onCall: SinoPacCallListener | undefined;
  now: () => number;
}

export interface SinoPacCall<T> {
  service: SinoPacService;
  payload: Record<string, unknown>;
  orderNo?: string;
  answerSchema: z.ZodType<T>;
  /** Further checks on the parsed answer; a returned reason fails the call (reported as UNKNOWN). */
  answerCheck?: (answer: T) => string | undefined;
}

type Answer = { status: string; description: string; data: unknown };

export async function sendSinoPacCall<T>(t: SinoPacTransport, call: SinoPacCall<T>): Promise<T> {
  const context = { service: call.service, orderNo: call.orderNo };
  const startedAt = t.now();
  let httpStatus: number | undefined;
  let rawText: string | undefined;
  let answer: Answer | undefined;
  let result: { ok: true; value: T } | { ok: false; error: SinoPacError };
  try {
    const nonce = await fetchNonce(t, call.service);
    const body = JSON.stringify({
      Version: "1.0.0",
      ShopNo: t.shopNo,
      APIService: call.service,
      Sign: sign(call.payload, nonce, t.hashId),
      Nonce: nonce,
      Message: encryptMessage(JSON.stringify(call.payload), t.hashId, nonce),
    });
    const response = await post(t, "/Order", body, context);
    httpStatus = response.status;
    rawText = response.text;
    answer = openAnswer(t, response.status, response.text, context);
    if (answer.status !== "S")
      throw new SinoPacApiError({ ...context, httpStatus }, answer.description);
    result = { ok: true, value: checkAnswer(call, answer, { ...context, httpStatus }) };
  } catch (error) {
    if (!(error instanceof SinoPacError)) throw error;
    result = { ok: false, error };
  }
  const decrypted = answer?.data as { TSNo?: unknown } | undefined;
  await report(t.onCall, {
    service: call.service,
    orderNo: call.orderNo,
    tsNo: typeof decrypted?.TSNo === "string" ? decrypted.TSNo : undefined,
    description: answer?.description,
    outcome: result.ok
      ? "SUCCESS"
      : result.error.classification === "definitive"
        ? "FAILURE"
        : "UNKNOWN",
    httpStatus,
    latencyMs: Math.max(0, Math.round(t.now() - startedAt)),
    request: maskedJson(call.payload),
    response: answer ? maskedJson(answer.data) : rawText?.slice(0, 2000),
    error: result.ok ? undefined : `${result.error.name}: ${result.error.message}`,
  });
  if (!result.ok) throw result.error;
  return result.value;
}

async function fetchNonce(t: SinoPacTransport, service: SinoPacService): Promise<string> {
  const context = { service };
  try {
    const response = await post(t, "/Nonce", JSON.stringify({ ShopNo: t.shopNo }), context);
    const parsed = nonceAnswerSchema.safeParse(parseJson(response.text));
    if (response.status !== 200 || !parsed.success)
      throw new SinoPacNotSentError(context, `no nonce (HTTP ${response.status})`);
    return parsed.data.Nonce;
  } catch (error) {
    if (error instanceof SinoPacNotSentError) throw error;
    throw new SinoPacNotSentError({ ...context, cause: error }, "the nonce request failed");
  }
}

async function post(
  t: SinoPacTransport,
  path: "/Nonce" | "/Order",
  body: string,
  context: { service: SinoPacService; orderNo?: string },
): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), t.timeoutMs);
  try {
    const response = await t.fetch(`${t.baseUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-KeyID": t.keyId },
      body,
      signal: controller.signal,
    });
    return { status: response.status, text: await response.text() };
  } catch (cause) {
    if (controller.signal.aborted)
      throw new SinoPacTimeoutError({ ...context, cause }, t.timeoutMs);
    throw new SinoPacNetworkError({ ...context, cause });
  } finally {
    clearTimeout(timer);
  }
}

/** Envelope → verified plaintext answer. Anything short of that is a SinoPacResponseError. */
function openAnswer(
  t: SinoPacTransport,
  status: number,
  text: string,
  context: { service: SinoPacService; orderNo?: string },
): Answer {
  const fail = (reason: string) =>
    new SinoPacResponseError({ ...context, httpStatus: status }, reason);
  if (status !== 200) throw fail(`HTTP ${status}: ${text.slice(0, 200)}`);
  const envelope = orderEnvelopeSchema.safeParse(parseJson(text));
  if (!envelope.success) {
    const plain = commonAnswerSchema.safeParse(parseJson(text));
    throw fail(
      plain.success
        ? `no Message: ${plain.data.Description}`
        : `not an envelope: ${text.slice(0, 200)}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(decryptMessage(envelope.data.Message, t.hashId, envelope.data.Nonce));
  } catch {
    throw fail("the Message does not decrypt with the answer's nonce");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw fail("the Message is not an object");
  const expected = sign(data as Record<string, unknown>, envelope.data.Nonce, t.hashId);
  if (!signsMatch(expected, envelope.data.Sign)) throw fail("the answer's Sign does not verify");
  const common = commonAnswerSchema.safeParse(data);
  if (!common.success) throw fail("the answer has no Status");
  return { status: common.data.Status, description: common.data.Description, data };
}

function checkAnswer<T>(
  call: SinoPacCall<T>,
  answer: Answer,
  context: { service: SinoPacService; orderNo?: string; httpStatus?: number },
): T {
  const parsed = call.answerSchema.safeParse(answer.data);
  if (parsed.success) {
    const problem = call.answerCheck?.(parsed.data);
    if (problem) throw new SinoPacResponseError(context, problem);
    return parsed.data;
  }
  const where = parsed.error.issues.map((issue) => issue.path.join(".") || "answer").join(", ");
  throw new SinoPacResponseError(context, `unexpected answer shape at ${where}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A failing listener must never hide or change the payment result the caller is waiting for. */
async function report(
  listener: SinoPacCallListener | undefined,
  event: Parameters<SinoPacCallListener>[0],
) {
  if (!listener) return;
  try {
    await listener(event);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`[sinopac] onCall listener failed for ${event.service}: ${reason}`);
  }
}
