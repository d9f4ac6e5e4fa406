// Identifier minting. Ids are strings everywhere inside the sandbox; only json.ts turns them into
// bare JSON numbers on the wire, exactly like LINE Pay does.
import { randomBytes, randomInt } from "node:crypto";

const REG_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `YYYYMMDD` (UTC, from the sandbox clock) + 11-digit counter: 19 digits, always > 2^53. */
export function createTransactionIdFactory(startCounter = 1) {
  let counter = startCounter;
  return (now: Date): string => {
    const day = now.toISOString().slice(0, 10).replaceAll("-", "");
    for (;;) {
      const id = day + String(counter++ % 1e11).padStart(11, "0");
      // Skip ids a double can hold exactly, so a client that parses with JSON.parse always
      // corrupts the id and the bug shows up in tests instead of in production.
      if (BigInt(Number(id)) !== BigInt(id)) return id;
    }
  };
}

/** `RK` + 13 of [A-Z0-9], the shape observed on the real service (e.g. RK9A2BA1937EQTO). */
export function mintRegKey(): string {
  let key = "RK";
  for (let i = 0; i < 13; i++) key += REG_KEY_ALPHABET[randomInt(REG_KEY_ALPHABET.length)];
  return key;
}

/** Opaque payment-page token; LINE's looks like unpadded base64url text of 60-90 chars. */
export function mintReserveToken(): string {
  return randomBytes(48).toString("base64url");
}

/** 12-digit numeric string; leading zeros are significant, so it stays a string. */
export function mintPaymentAccessToken(): string {
  let token = "";
  for (let i = 0; i < 12; i++) token += String(randomInt(10));
  return token;
}

/** For logs: regKeys are credentials, so only a prefix is ever printed. */
export function maskRegKey(regKey: string): string {
  return `${regKey.slice(0, 4)}…`;
}
