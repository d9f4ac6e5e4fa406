// A checkout problem with a message fit for the shopper and the HTTP status that matches it.
export class CheckoutError extends Error {
  override name = "CheckoutError";
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 502,
    message: string,
  ) {
    super(message);
  }
}
