// How long a shopper's unpaid checkout is handed back instead of a new one. LINE Pay keeps a
// payment request open for 20 minutes from the request; a tap late in that window gets a fresh
// order, so the payment page the shopper lands on always leaves time to pay.
export const LINE_PAY_PAYMENT_WINDOW_MS = 20 * 60 * 1000;
const TIME_LEFT_TO_PAY_MS = 5 * 60 * 1000;
export const CHECKOUT_REUSE_WINDOW_MS = LINE_PAY_PAYMENT_WINDOW_MS - TIME_LEFT_TO_PAY_MS;

/** Orders created at or after this instant may be handed back to a new tap. */
export function checkoutReusableSince(now: Date): Date {
  return new Date(now.getTime() - CHECKOUT_REUSE_WINDOW_MS);
}
