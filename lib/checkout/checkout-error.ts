// A checkout problem with a message fit for the shopper and the HTTP status that matches it.
import { AppError } from "@/lib/errors/app-error";
export class CheckoutError extends AppError {
  override name = "CheckoutError";
  constructor(
    override readonly status: 400 | 403 | 404 | 409 | 502,
    message: string,
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
