// State-changing browser requests must come from our own pages. Browsers send Origin on POST;
// a request from another site (or a sandboxed frame, "null") is refused.
export function isSameOriginRequest(request: Request, appBaseUrl: string): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true; // Non-browser clients and old browsers; auth still applies.
  return origin === new URL(appBaseUrl).origin;
}
