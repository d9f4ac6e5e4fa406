// Every way a QPay call can fail, with one question answered for the caller: could SinoPac have
// acted on it ("unknown": reconcile by OrderQuery before retrying) or certainly not ("definitive").
import type { SinoPacService } from "./call-event";

export type SinoPacErrorClassification = "definitive" | "unknown";

interface ErrorContext {
  service: SinoPacService;
  orderNo?: string;
  httpStatus?: number;
  cause?: unknown;
}

export class SinoPacError extends Error {
  readonly service: SinoPacService;
  readonly orderNo: string | undefined;
  readonly httpStatus: number | undefined;
  readonly classification: SinoPacErrorClassification;

  constructor(message: string, context: ErrorContext, classification: SinoPacErrorClassification) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.service = context.service;
    this.orderNo = context.orderNo;
    this.httpStatus = context.httpStatus;
    this.classification = classification;
  }
}

/** /Nonce failed or our own input was refused: the /Order call never left this process. */
export class SinoPacNotSentError extends SinoPacError {
  /** Our own input was refused (as opposed to the bank being unreachable for a nonce). */
  readonly isInvalidInput: boolean;
  constructor(context: ErrorContext, reason: string) {
    super(`SinoPac ${context.service} not sent: ${reason}`, context, "definitive");
    this.isInvalidInput = reason === "invalid input";
  }
}

export class SinoPacTimeoutError extends SinoPacError {
  constructor(context: ErrorContext, timeoutMs: number) {
    super(`SinoPac ${context.service} gave no answer within ${timeoutMs} ms`, context, "unknown");
  }
}

export class SinoPacNetworkError extends SinoPacError {
  constructor(context: ErrorContext) {
    super(`SinoPac ${context.service} failed on the network`, context, "unknown");
  }
}

/**
 * No usable envelope: non-200, a plain-text body, JSON without Message, an undecryptable Message,
 * a Sign that does not verify, or a decrypted answer of an unexpected shape. The notes leave the
 * bank's error shapes UNCONFIRMED, so none of these is read as "nothing happened".
 */
export class SinoPacResponseError extends SinoPacError {
  readonly reason: string;
  constructor(context: ErrorContext, reason: string) {
    super(`SinoPac ${context.service} answer unusable: ${reason}`, context, "unknown");
    this.reason = reason;
  }
}

/** A verified, decrypted answer with Status "F": SinoPac refused the request. */
export class SinoPacApiError extends SinoPacError {
  readonly code: string | undefined;
  readonly description: string;
  constructor(context: ErrorContext, description: string) {
    super(`SinoPac ${context.service} refused: ${description}`, context, "definitive");
    this.description = description;
    this.code = descriptionCode(description);
  }
}

/** `"E0602 – 收款方式未啟用"` → `"E0602"` (the separator is an EN DASH; a hyphen is accepted too). */
export function descriptionCode(description: string): string | undefined {
  const match = /^\s*([A-Z]\d{4,5})\s*[–-]/.exec(description);
  return match?.[1];
}

export function isSinoPacError(error: unknown): error is SinoPacError {
  return error instanceof SinoPacError;
}
