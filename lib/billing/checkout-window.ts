// How long a shopper's unpaid checkout is handed back instead of a new one. LINE Pay keeps a
// payment request open for 20 minutes from the request; a tap late in that window gets a fresh
// order, so the payment page the shopper lands on always leaves time to pay.
export const LINE_PAY_PAYMENT_WINDOW_MS = 20 * 60 * 1000;
const TIME_LEFT_TO_PAY_MS = 5 * 60 * 1000;
export const CHECKOUT_REUSE_WINDOW_MS = LINE_PAY_PAYMENT_WINDOW_MS - TIME_LEFT_TO_PAY_MS;

// An order still without a payment page this long after it was written will never get one (its
// request failed or its answer was lost: 1172); LINE Pay's read timeout for a request is 20 s.
const PAGE_REQUEST_IN_FLIGHT_MS = 30 * 1000;

/** Orders created at or after this instant may be handed back to a new tap. */
export function checkoutReusableSince(now: Date): Date {
  return new Date(now.getTime() - CHECKOUT_REUSE_WINDOW_MS);
}

/** An open order can be handed back when it has a payment page, or may still be getting one. */
export function canHandBackCheckout(
  order: { paymentUrl: string | null; createdAt: Date },
  now: Date,
): boolean {
  return (
    order.paymentUrl !== null ||
    now.getTime() - order.createdAt.getTime() < PAGE_REQUEST_IN_FLIGHT_MS
  );
}
