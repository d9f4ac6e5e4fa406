// QPay message security, written again here on purpose: the emulator imports nothing from the app,
// so the client and the emulator are two implementations checked against the same vectors.
import { createCipheriv, createDecipheriv, createHash } from "node:crypto";

export interface ShopKeys {
  a1: string;
  a2: string;
  b1: string;
  b2: string;
}

function xor16(x: string, y: string): string {
  const a = Buffer.from(x, "hex");
  const b = Buffer.from(y, "hex");
  if (a.length !== 8 || b.length !== 8) throw new Error("hash values are 16 hex characters");
  return Buffer.from(a.map((v, i) => v ^ (b[i] ?? 0)))
    .toString("hex")
    .toUpperCase();
}

export function hashIdOf(keys: ShopKeys): string {
  return xor16(keys.a1, keys.a2) + xor16(keys.b1, keys.b2);
}

const sha256Hex = (text: string) =>
  createHash("sha256").update(text, "utf8").digest("hex").toUpperCase();

export const ivOf = (nonce: string) => sha256Hex(nonce).slice(-16);

/** Top-level non-blank scalars, keys sorted case-insensitively, no URL-encoding; + nonce + HashID. */
export function signOf(payload: Record<string, unknown>, nonce: string, hashId: string): string {
  const pairs = Object.entries(payload)
    .filter(
      (entry): entry is [string, string | number | boolean] =>
        (typeof entry[1] === "string" && entry[1].trim() !== "") ||
        typeof entry[1] === "number" ||
        typeof entry[1] === "boolean",
    )
    .map(([key, value]) => [key, String(value)] as const)
    .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  return sha256Hex(pairs.map(([k, v]) => `${k}=${v}`).join("&") + nonce + hashId);
}

export function encrypt(plaintext: string, hashId: string, nonce: string): string {
  const cipher = createCipheriv("aes-256-cbc", Buffer.from(hashId), Buffer.from(ivOf(nonce)));
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    .toString("hex")
    .toUpperCase();
}

export function decrypt(hex: string, hashId: string, nonce: string): string {
  if (!/^(?:[0-9A-Fa-f]{32})+$/.test(hex)) throw new Error("Message is not AES hex blocks");
  const decipher = createDecipheriv("aes-256-cbc", Buffer.from(hashId), Buffer.from(ivOf(nonce)));
  return Buffer.concat([decipher.update(Buffer.from(hex, "hex")), decipher.final()]).toString(
    "utf8",
  );
}
