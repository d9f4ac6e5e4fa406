// The secret in a password reset link. It is never stored: it is derived from the reset row's id
// with an HMAC under the server's secret, so the notice sender can write it into the email when it
// sends (long after the request), while the database holds only the id and the token's SHA-256.
// Someone who reads the database cannot make a working link without the server's secret.
import { createHash, createHmac } from "node:crypto";

const PURPOSE = "vip-club password reset link v1";

export function passwordResetToken(resetId: string, secret: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}:${resetId}`).digest("base64url");
}

/** What the database keeps and looks the token up by. */
export function hashPasswordResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token as we issue it: 43 base64url characters (32 bytes). Anything else is refused unread. */
export function isWellFormedResetToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
