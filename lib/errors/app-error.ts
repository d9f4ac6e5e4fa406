// The one application error. Every domain error extends it, so a route wrapper maps any of them to
// a response the same way: `status`, a stable machine `errorCode`, and the message only when it was
// written for the person reading it (`isMessageSafe`); otherwise a generic sentence.
// The stable code is `errorCode`, not `code`: PaymentGatewayError already uses `code` for LINE Pay's
// returnCode (nullable), and its callers read it.
export interface AppErrorInit {
  errorCode: string;
  status: number;
  isMessageSafe?: boolean;
  cause?: unknown;
}

export class AppError extends Error {
  readonly errorCode: string;
  readonly status: number;
  readonly isMessageSafe: boolean;

  constructor(message: string, init: AppErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.errorCode = init.errorCode;
    this.status = init.status;
    this.isMessageSafe = init.isMessageSafe ?? false;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";

/** What a response may say about an AppError: its own words only when they were meant for the reader. */
export function publicMessage(error: AppError): string {
  return error.isMessageSafe ? error.message : GENERIC_ERROR_MESSAGE;
}
