// The client's address for per-IP rate limits. Each trusted proxy appends the address it saw to
// X-Forwarded-For, so with N trusted hops the client is the Nth entry from the right; everything
// left of it was written by the client and could be anything. `next start` only fills the header
// with the socket address when the request has none, so without a proxy (0 hops) the header cannot
// be told apart from a forged one: every client then shares one address and the per-IP limits
// count them together (the per-account limits still apply to each account).
export const UNKNOWN_CLIENT = "unknown-client";

export function clientIp(request: Request, trustedProxyHops: number): string {
  if (trustedProxyHops < 1) return UNKNOWN_CLIENT;
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the leftmost is the furthest address any trusted proxy saw.
  const address = entries[Math.max(entries.length - trustedProxyHops, 0)];
  return address ? address.slice(0, 64) : UNKNOWN_CLIENT;
}
