// One answer for anything a route handler throws: an AppError gets its status and
// `{error:{code,message}}` (or the route's HTML page), a ZodError 422, anything else a generic 500
// that is logged (with the request id the logger carries) and says nothing about the cause.
import type { Logger } from "pino";
import { ZodError } from "zod";
import { AppError, GENERIC_ERROR_MESSAGE, publicMessage } from "@/lib/errors/app-error";
import { describeErrorForLog } from "@/lib/logger";
import { RateLimitedError } from "@/lib/security/rate-limiter";
import { htmlErrorPage, jsonError } from "./http-responses";
import { BodyError } from "./request-body";

/** For routes a browser navigates to (form posts, LINE Pay redirects): errors as readable pages. */
export interface ErrorPages {
  /** Title of the page for any AppError (its message shown when it was written for the shopper). */
  title: string;
  /** Message of the 403 page for a cross-site post. */
  crossOrigin?: string;
  rateLimited?: { title: string; afterMessage: string };
  invalidBody?: { title: string; message: string };
}

/**
 * A server-side failure: the request id goes into the answer (JSON `error.requestId`, or a
 * reference line on the page) so a shopper or a client can quote it and the logs can be searched.
 */
function serverError(
  status: number,
  code: string,
  message: string,
  pages: ErrorPages | undefined,
  requestId: string | undefined,
): Response {
  if (!requestId) {
    return pages ? htmlErrorPage(status, pages.title, message) : jsonError(status, code, message);
  }
  return pages
    ? htmlErrorPage(status, pages.title, `${message} (Reference: ${requestId})`)
    : Response.json({ error: { code, message, requestId } }, { status });
}

export function errorResponse(
  error: unknown,
  pages: ErrorPages | undefined,
  log: Logger,
  requestId?: string,
): Response {
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const message = first
      ? `${first.path.join(".") || "input"}: ${first.message}`
      : "Invalid input";
    return pages
      ? htmlErrorPage(422, pages.title, message)
      : jsonError(422, "invalid_input", message);
  }
  if (!(error instanceof AppError)) {
    log.error({ error: describeErrorForLog(error) }, "unhandled error in route handler");
    return serverError(500, "internal_error", GENERIC_ERROR_MESSAGE, pages, requestId);
  }
  if (error.status >= 500) {
    log.error({ error: describeErrorForLog(error), errorCode: error.errorCode }, "route failed");
    return serverError(error.status, error.errorCode, publicMessage(error), pages, requestId);
  }
  const retryAfter =
    error instanceof RateLimitedError
      ? { "Retry-After": String(error.retryAfterSeconds) }
      : undefined;
  if (!pages) return jsonError(error.status, error.errorCode, publicMessage(error), retryAfter);
  if (error instanceof RateLimitedError && pages.rateLimited) {
    return htmlErrorPage(
      429,
      pages.rateLimited.title,
      `${error.message} ${pages.rateLimited.afterMessage}`,
      retryAfter,
    );
  }
  if (error instanceof BodyError && pages.invalidBody)
    return htmlErrorPage(error.status, pages.invalidBody.title, pages.invalidBody.message);
  return htmlErrorPage(error.status, pages.title, publicMessage(error), retryAfter);
}
