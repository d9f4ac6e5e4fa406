// Where a "pay with LINE Pay" form sends the browser. Phones go to /checkout/open, which tries
// LINE Pay's app link and falls back to its web page (with buttons for both): the app link alone
// does nothing on a phone without the LINE app. Every other browser goes to the web page.
import type { PaymentPage } from "@/lib/checkout/request-order-payment";

const MOBILE_USER_AGENT = /Android|iPhone|iPad|iPod|Mobile/i;

export function isPhoneRequest(request: Request): boolean {
  return MOBILE_USER_AGENT.test(request.headers.get("user-agent") ?? "");
}

export function paymentRedirect(request: Request, page: PaymentPage): string {
  return isPhoneRequest(request) && page.appUrl
    ? `/checkout/open?orderId=${encodeURIComponent(page.orderId)}`
    : page.redirectUrl;
}
