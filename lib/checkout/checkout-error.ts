// A checkout or subscription problem the shopper can be told about: the HTTP status that matches
// it, the reason the problem page words in the shopper's language (lib/errors/shopper-problem.ts),
// and an English message for JSON answers and logs.
import { AppError } from "@/lib/errors/app-error";
import type { ProblemReason } from "@/lib/errors/shopper-problem";

export class CheckoutError extends AppError {
  override name = "CheckoutError";
  constructor(
    override readonly status: 400 | 403 | 404 | 409 | 502,
    readonly reason: ProblemReason,
    message: string,
    /** The order whose page says where the money stands, when there is one. */
    readonly orderId?: string,
  ) {
    super(message, { status, errorCode: CHECKOUT_ERROR_CODES[status], isMessageSafe: true });
  }
}

const CHECKOUT_ERROR_CODES = {
  400: "invalid_request",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  502: "payment_provider_unavailable",
} as const;
