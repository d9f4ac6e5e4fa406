// LINE Pay v3 request signature (spec §2.2): Base64(HMAC-SHA256(secret, secret + apiPath + X + nonce)),
// where X is the raw POST body or the raw GET query string without '?'.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface SignatureInput {
  channelSecret: string;
  /** Path only, exactly as received: "/v3/payments/123/confirm". */
  apiPath: string;
  /** Raw body bytes (POST) or raw query string without '?' (GET). */
  payload: Buffer | string;
  nonce: string;
}

export function computeSignature(input: SignatureInput): string {
  const payload =
    typeof input.payload === "string" ? Buffer.from(input.payload, "utf8") : input.payload;
  // Concatenate bytes rather than strings so a body that is not valid UTF-8 is still signed as sent.
  const message = Buffer.concat([
    Buffer.from(input.channelSecret + input.apiPath, "utf8"),
    payload,
    Buffer.from(input.nonce, "utf8"),
  ]);
  return createHmac("sha256", input.channelSecret).update(message).digest("base64");
}

/**
 * Compares the received header with the expected Base64 text byte for byte (no lenient
 * Base64 decoding), in constant time, so hex digests or unpadded variants are rejected.
 */
export function verifySignature(input: SignatureInput & { signature: string }): boolean {
  const expected = Buffer.from(computeSignature(input), "utf8");
  const received = Buffer.from(input.signature, "utf8");
  if (expected.length !== received.length) return false;
  return timingSafeEqual(expected, received);
}
