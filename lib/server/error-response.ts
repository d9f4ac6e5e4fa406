// One answer for anything a route handler throws: an AppError gets its status and
// `{error:{code,message}}`, a ZodError 422, anything else a generic 500 that is logged (with the
// request id the logger carries) and says nothing about the cause. Routes a browser navigates to
// (form posts, LINE Pay's returns) instead send the browser to the problem page (303), which says
// in the shopper's language what happened and what it means for the money; reloading it is safe.
import type { Logger } from "pino";
import { ZodError } from "zod";
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { AppError, GENERIC_ERROR_MESSAGE, publicMessage } from "@/lib/errors/app-error";
import { type Problem, type ProblemReason, type ProblemTopic } from "@/lib/errors/shopper-problem";
import { describeErrorForLog } from "@/lib/logger";
import { RateLimitedError } from "@/lib/security/rate-limiter";
import { jsonError, problemRedirect } from "./http-responses";
import { BodyError } from "./request-body";

/** For routes a browser navigates to: errors become the problem page for this topic. */
export interface ErrorPages {
  topic: ProblemTopic;
}

/**
 * A server-side failure: the request id goes into the answer (JSON `error.requestId`; the problem
 * page shows it as a reference) so a shopper or a client can quote it and the logs can be searched.
 */
function serverError(
  status: number,
  code: string,
  message: string,
  requestId: string | undefined,
): Response {
  if (!requestId) return jsonError(status, code, message);
  return Response.json({ error: { code, message, requestId } }, { status });
}

export function errorResponse(
  error: unknown,
  pages: ErrorPages | undefined,
  log: Logger,
  requestId?: string,
): Response {
  if (!(error instanceof AppError) && !(error instanceof ZodError))
    log.error({ error: describeErrorForLog(error) }, "unhandled error in route handler");
  else if (error instanceof AppError && error.status >= 500)
    log.error({ error: describeErrorForLog(error), errorCode: error.errorCode }, "route failed");
  if (pages) {
    const problem = problemOf(error);
    // Our own failure: the page quotes the request id so support can find it in the logs.
    const reference = problem.reason === "internal" ? requestId : undefined;
    return problemRedirect({ topic: pages.topic, ...problem, reference });
  }

  if (error instanceof ZodError) {
    const first = error.issues[0];
    const message = first
      ? `${first.path.join(".") || "input"}: ${first.message}`
      : "Invalid input";
    return jsonError(422, "invalid_input", message);
  }
  if (!(error instanceof AppError))
    return serverError(500, "internal_error", GENERIC_ERROR_MESSAGE, requestId);
  if (error.status >= 500)
    return serverError(error.status, error.errorCode, publicMessage(error), requestId);
  const retryAfter =
    error instanceof RateLimitedError
      ? { "Retry-After": String(error.retryAfterSeconds) }
      : undefined;
  return jsonError(error.status, error.errorCode, publicMessage(error), retryAfter);
}

function problemOf(error: unknown): Omit<Problem, "topic"> {
  if (error instanceof CheckoutError) return { reason: error.reason, orderId: error.orderId };
  if (error instanceof RateLimitedError)
    return { reason: "rate_limited", waitSeconds: error.retryAfterSeconds };
  if (error instanceof ZodError || error instanceof BodyError) return { reason: "invalid_request" };
  return { reason: reasonForStatus(error instanceof AppError ? error.status : 500) };
}

function reasonForStatus(status: number): ProblemReason {
  if (status === 409) return "busy";
  if (status >= 400 && status < 500) return "invalid_request";
  return "internal";
}
