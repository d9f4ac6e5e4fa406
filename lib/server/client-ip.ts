// The client's IP for per-IP rate limits. `next start` does not add the socket address when
// X-Forwarded-For is present, so the app must sit behind a proxy that sets it (Vercel, nginx with
// $proxy_add_x_forwarded_for); the rightmost entry is the one that proxy saw, which a client cannot forge.
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .pop();
  return last ?? request.headers.get("x-real-ip")?.trim() ?? "unknown";
}
