// The session cookie's codec: next-auth's own token format (a JWE, `dir` + A256GCM, with a key
// derived from the secret by HKDF-SHA256), so tokens from either codec open with the other. The
// difference is that the derived key is kept: next-auth derives it anew for every decode and
// encode, and a signed-in request does both (the session is read, then rolled forward), which
// made key derivation about 6 % of a checkout's server time.
import { hkdfSync, randomUUID } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const DEFAULT_MAX_AGE_S = 30 * 24 * 60 * 60; // next-auth's default
const CLOCK_TOLERANCE_S = 15; // next-auth's

const derivedKeys = new Map<string, Uint8Array>();

/** The key next-auth derives from `secret` and `salt` (its getDerivedEncryptionKey), once. */
function encryptionKey(secret: string | Buffer, salt: string): Uint8Array {
  const cacheKey = `${salt}\u0000${secret.toString()}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = new Uint8Array(hkdfSync("sha256", secret, salt, info, 32));
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

export async function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  const { token = {}, secret, maxAge = DEFAULT_MAX_AGE_S, salt = "" } = params;
  const nowS = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + maxAge)
    .setJti(randomUUID())
    .encrypt(encryptionKey(secret, salt));
}

export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, secret, salt = "" } = params;
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, encryptionKey(secret, salt), {
    clockTolerance: CLOCK_TOLERANCE_S,
  });
  return payload;
}
