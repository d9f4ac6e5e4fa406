// Only same-site paths may be used as a "return to" target, so a crafted link cannot bounce a
// signed-in shopper to another site (open redirect).
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}

/**
 * next-auth's `redirect` callback: where to go after sign-in or sign-out. Only our own paths, or
 * absolute URLs on our own origin (next-auth makes callbackUrl absolute); anything else goes home.
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (url.startsWith("/")) return new URL(safeReturnPath(url), base).toString();
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return base.toString();
  }
  if (target.origin !== base.origin) return base.toString();
  return new URL(
    safeReturnPath(`${target.pathname}${target.search}${target.hash}`),
    base,
  ).toString();
}
