// Merchant orderIds are sent to LINE Pay, which refuses a reused one (1172), so they must be unique
// forever: a date for humans reading a statement plus 80 random bits for uniqueness.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U

export function createMerchantOrderId(
  now: Date,
  random: (size: number) => Uint8Array = randomBytes,
): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  const bytes = random(10);
  let suffix = "";
  for (let i = 0; i < 16; i++) {
    // 16 base32 characters × 5 bits = 80 bits taken from the 10 random bytes.
    const bit = i * 5;
    const byteIndex = bit >> 3;
    const word = ((bytes[byteIndex] ?? 0) << 8) | (bytes[byteIndex + 1] ?? 0);
    suffix += ALPHABET[(word >> (11 - (bit & 7))) & 31];
  }
  return `VIP-${day}-${suffix}`;
}

export const MERCHANT_ORDER_ID_PATTERN = /^VIP-\d{8}-[0-9A-HJKMNP-TV-Z]{16}$/;
