// The Payment details query string. It is signed and placed on the URL as the same string, so it
// must already be in the form fetch will send: WHATWG URL re-encodes `'` in a query, which would
// make the bytes LINE receives differ from the bytes we signed (1106).
import type { z } from "zod";
import type { paymentDetailsQuerySchema } from "./request-schemas";

/** Repeated keys (`transactionId=a&transactionId=b`), as LINE documents; never comma-joined. */
export function buildPaymentDetailsQuery(
  query: z.output<typeof paymentDetailsQuerySchema>,
): string {
  return [
    ...(query.transactionIds ?? []).map((id) => `transactionId=${id}`),
    ...(query.orderIds ?? []).map((orderId) => `orderId=${encodeQueryValue(orderId)}`),
    ...(query.fields ? [`fields=${query.fields}`] : []),
  ].join("&");
}

/** RFC 3986 strict percent-encoding (encodeURIComponent leaves !'()* alone). */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
