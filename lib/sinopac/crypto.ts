// The QPay message security (notes §6): HashID, IV, Sign and the AES-256-CBC Message. Key and IV
// are the upper-case hex *strings* taken as ASCII bytes (32 and 16 bytes), never hex-decoded.
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from "node:crypto";

export interface HashValues {
  a1: string;
  a2: string;
  b1: string;
  b2: string;
}

const HASH_VALUE = /^[0-9A-F]{16}$/;

/** Accepts the dashed or longer forms SinoPac sometimes hands out (as the official sample does). */
export function normaliseHashValue(raw: string): string {
  const value = raw.replace(/-/g, "").trim().toUpperCase().slice(0, 16);
  if (!HASH_VALUE.test(value)) throw new Error("a SinoPac hash value must be 16 hex characters");
  return value;
}

function xorHex(left: string, right: string): string {
  const a = Buffer.from(normaliseHashValue(left), "hex");
  const b = Buffer.from(normaliseHashValue(right), "hex");
  return Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)))
    .toString("hex")
    .toUpperCase();
}

/** HashID = XOR(A1,A2) ∥ XOR(B1,B2), 32 upper-case hex characters. */
export function hashId(values: HashValues): string {
  return xorHex(values.a1, values.a2) + xorHex(values.b1, values.b2);
}

function sha256Upper(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").toUpperCase();
}

/** IV = the last 16 characters of SHA-256(nonce) in upper-case hex (not the nonce's first 16). */
export function ivFromNonce(nonce: string): string {
  return sha256Upper(nonce).slice(-16);
}

/**
 * The canonical string: top-level scalars only (objects and arrays dropped), null and blank strings
 * dropped, keys sorted case-insensitively, `key=value` joined by `&`, no URL-encoding.
 */
export function signString(payload: Record<string, unknown>): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(payload)) {
    let text: string;
    if (typeof value === "string") text = value;
    else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
      text = String(value);
    else continue; // null, missing, objects and arrays ("多節點參數") never take part
    if (text.trim() === "") continue;
    pairs.push([key, text]);
  }
  pairs.sort(([a], [b]) => {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return pairs.map(([key, value]) => `${key}=${value}`).join("&");
}

export function sign(payload: Record<string, unknown>, nonce: string, hashIdValue: string): string {
  return sha256Upper(signString(payload) + nonce + hashIdValue);
}

/** Constant-time comparison of two Signs (case-insensitive hex). */
export function signsMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toUpperCase());
  const b = Buffer.from(received.toUpperCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

export function encryptMessage(plaintext: string, hashIdValue: string, nonce: string): string {
  const cipher = createCipheriv(
    "aes-256-cbc",
    Buffer.from(hashIdValue, "ascii"),
    Buffer.from(ivFromNonce(nonce), "ascii"),
  );
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    .toString("hex")
    .toUpperCase();
}

/** Throws on bad hex or padding; a wrong nonce may still "decrypt", so callers verify the Sign. */
export function decryptMessage(messageHex: string, hashIdValue: string, nonce: string): string {
  if (!/^(?:[0-9A-Fa-f]{32})+$/.test(messageHex)) throw new Error("Message is not AES hex blocks");
  const decipher = createDecipheriv(
    "aes-256-cbc",
    Buffer.from(hashIdValue, "ascii"),
    Buffer.from(ivFromNonce(nonce), "ascii"),
  );
  return Buffer.concat([
    decipher.update(Buffer.from(messageHex, "hex")),
    decipher.final(),
  ]).toString("utf8");
}
