// A second tap on "Buy" while the first tap's order is still open hands that order back: same
// orderId, same LINE Pay payment page (LINE Pay keeps it for 20 minutes), no new PENDING order.
import { findOrderById } from "@/lib/db/checkout-order-repository";
import type { OrderRecord } from "@/lib/db/order-repository";
import { CheckoutError } from "./checkout-error";
import type { PaymentPage } from "./request-order-payment";
import type { CheckoutDeps } from "./start-checkout";

// Taps at the same moment: the first may still be asking LINE Pay for the page (its read timeout
// is 20 s); the second waits for that answer rather than showing the shopper an error at once.
const WAIT_FOR_PAGE_MS = 20_000;
const POLL_MS = 200;

export async function resumeCheckout(
  deps: Pick<CheckoutDeps, "db">,
  order: OrderRecord,
): Promise<PaymentPage> {
  let current: OrderRecord | null = order;
  const deadline = Date.now() + WAIT_FOR_PAGE_MS;
  while (current?.status === "PENDING" && !current.paymentUrl && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await findOrderById(deps.db, order.id);
  }
  if (current?.status !== "PENDING" || !current.paymentUrl)
    throw new CheckoutError(
      409,
      "previous_tap_starting",
      "Your previous tap is still starting this payment. Please check your account page, or try again in a minute. Nothing was charged twice.",
    );
  return {
    orderId: current.orderId,
    redirectUrl: current.paymentUrl,
    appUrl: current.paymentUrlApp,
  };
}
