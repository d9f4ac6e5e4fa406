// Typed failures of a LINE Pay call. `classification` is what the caller must act on:
// "definitive" = LINE refused (or we never sent it), nothing happened; "unknown" = the money may or
// may not have moved, so reconcile with Payment details / Check status before any retry.
import type { LinePayEndpoint } from "./endpoints";

export type LinePayErrorClassification = "definitive" | "unknown";

interface LinePayErrorInit {
  endpoint: LinePayEndpoint;
  classification: LinePayErrorClassification;
  returnCode?: string;
  returnMessage?: string;
  httpStatus?: number;
  transactionId?: string;
  cause?: unknown;
}

export class LinePayError extends Error {
  readonly endpoint: LinePayEndpoint;
  readonly classification: LinePayErrorClassification;
  readonly returnCode: string | undefined;
  readonly returnMessage: string | undefined;
  readonly httpStatus: number | undefined;
  /** The transaction the call was about, when known (path id or returned id). */
  readonly transactionId: string | undefined;

  constructor(message: string, init: LinePayErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.endpoint = init.endpoint;
    this.classification = init.classification;
    this.returnCode = init.returnCode;
    this.returnMessage = init.returnMessage;
    this.httpStatus = init.httpStatus;
    this.transactionId = init.transactionId;
  }

  get isUnknownOutcome(): boolean {
    return this.classification === "unknown";
  }
}

/** LINE answered with a returnCode that is not a success for this endpoint. */
export class LinePayApiError extends LinePayError {
  declare readonly returnCode: string;

  constructor(init: Omit<LinePayErrorInit, "returnCode"> & { returnCode: string }) {
    super(
      `LINE Pay ${init.endpoint} failed: ${init.returnCode} ${init.returnMessage ?? ""}`.trim(),
      init,
    );
  }
}

/** No complete answer within the endpoint's read timeout; the call may still be processed. */
export class LinePayTimeoutError extends LinePayError {
  readonly timeoutMs: number;

  constructor(init: Omit<LinePayErrorInit, "classification"> & { timeoutMs: number }) {
    super(`LINE Pay ${init.endpoint} timed out after ${init.timeoutMs} ms`, {
      ...init,
      classification: "unknown",
    });
    this.timeoutMs = init.timeoutMs;
  }
}

/** The connection failed. `isConnectFailure` = it never opened, so the request was not sent. */
export class LinePayNetworkError extends LinePayError {
  readonly isConnectFailure: boolean;

  constructor(init: Omit<LinePayErrorInit, "classification"> & { isConnectFailure: boolean }) {
    super(`LINE Pay ${init.endpoint} network error`, { ...init, classification: "unknown" });
    this.isConnectFailure = init.isConnectFailure;
  }
}

/** Non-2xx HTTP status: LINE answers business results with 200, so this is a gateway problem. */
export class LinePayHttpError extends LinePayError {
  constructor(init: Omit<LinePayErrorInit, "classification"> & { httpStatus: number }) {
    super(`LINE Pay ${init.endpoint} answered HTTP ${init.httpStatus}`, {
      ...init,
      classification: "unknown",
    });
  }
}

/** The body was not JSON, not a LINE envelope, or a success `info` that fails its schema. */
export class LinePayResponseError extends LinePayError {
  constructor(init: Omit<LinePayErrorInit, "classification"> & { reason: string }) {
    super(`LINE Pay ${init.endpoint} response unusable: ${init.reason}`, {
      ...init,
      classification: "unknown",
    });
  }
}

/** Our input was refused locally before anything was sent. */
export class LinePayValidationError extends LinePayError {
  readonly issues: readonly { path: string; message: string }[];

  constructor(init: {
    endpoint: LinePayEndpoint;
    issues: readonly { path: string; message: string }[];
  }) {
    const summary = init.issues
      .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      .join("; ");
    super(`LINE Pay ${init.endpoint} input invalid: ${summary}`, {
      endpoint: init.endpoint,
      classification: "definitive",
    });
    this.issues = init.issues;
  }
}

export function isLinePayError(error: unknown): error is LinePayError {
  return error instanceof LinePayError;
}
