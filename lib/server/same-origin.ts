// State-changing browser requests must come from our own pages. Browsers send Origin on POST; a
// request from another site (or a sandboxed frame, "null") is refused. Where Origin is missing,
// Fetch Metadata still tells a cross-site browser request apart from a scheduler or curl.
const REFUSED_FETCH_SITES = new Set(["cross-site", "same-site"]);

export function isSameOriginRequest(request: Request, appBaseUrl: string): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === new URL(appBaseUrl).origin;
  const fetchSite = request.headers.get("sec-fetch-site");
  // No Origin and no Fetch Metadata: a non-browser client (authentication still applies).
  return fetchSite === null || !REFUSED_FETCH_SITES.has(fetchSite.toLowerCase());
}
