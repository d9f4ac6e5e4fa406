// LINE Pay v3 request signature (linepay-v3.md §2.2). The payload must be the exact bytes sent:
// re-serialising a body or adding the '?' to a query string changes the MAC and LINE answers 1106.
import { createHmac } from "node:crypto";

export interface SignRequestInput {
  channelSecret: string;
  /** Path only, with version and path params, e.g. `/v3/payments/request`; no host, no query. */
  apiPath: string;
  /** POST: the body string as sent. GET: the query string without '?'. '' when there is none. */
  payload: string;
  nonce: string;
}

/** Base64(HMAC-SHA256(secret, secret + apiPath + payload + nonce)); Base64, not hex. */
export function signRequest({ channelSecret, apiPath, payload, nonce }: SignRequestInput): string {
  return createHmac("sha256", channelSecret)
    .update(channelSecret + apiPath + payload + nonce, "utf8")
    .digest("base64");
}
