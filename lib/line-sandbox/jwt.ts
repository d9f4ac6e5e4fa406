// HS256 JSON Web Tokens, as LINE Login signs web-login ID tokens with the channel secret.
import { createHmac, timingSafeEqual } from "node:crypto";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  return `${head}.${body}.${base64url(signature)}`;
}

/** The payload of a token signed with `secret`, or undefined when the signature does not match. */
export function verifyHs256(token: string, secret: string): Record<string, unknown> | undefined {
  const [head, body, signature] = token.split(".");
  if (!head || !body || !signature) return undefined;
  const expected = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string };
    if (header.alg !== "HS256") return undefined;
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
