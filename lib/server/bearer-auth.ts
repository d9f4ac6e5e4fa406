// Machine-to-machine calls (cron schedulers, test tooling) carry `Authorization: Bearer <CRON_SECRET>`.
// Compared in constant time; without a configured secret every call is refused.
import { createHash, timingSafeEqual } from "node:crypto";

export function hasValidBearer(request: Request, secret: string | undefined): boolean {
  if (!secret) return false;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer (.+)$/.exec(header);
  if (!match?.[1]) return false;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const given = createHash("sha256").update(match[1]).digest();
  const expected = createHash("sha256").update(secret).digest();
  return timingSafeEqual(given, expected);
}
