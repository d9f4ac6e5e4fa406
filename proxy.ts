// Runs before every page and route: a fresh CSP nonce per request (Next.js reads it from the
// request's Content-Security-Policy header and stamps it on its scripts) and the security headers.
// POSTs to pages are server actions: Next.js checks their Origin but lets a request without one
// through, so Fetch Metadata is checked here too. Route handlers under /api check for themselves.
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { buildSecurityHeaders, generateNonce, linePayPaymentPageSources } from "@/lib/security/security-headers";
import { htmlErrorPage } from "@/lib/server/http-responses";
import { isSameOriginRequest } from "@/lib/server/same-origin";

export function proxy(request: NextRequest): Response {
  const env = getEnv();
  const headers = buildSecurityHeaders({
    nonce: generateNonce(),
    paymentPageSources: linePayPaymentPageSources(env.LINEPAY_API_BASE_URL, env.LINEPAY_SANDBOX_PUBLIC_URL),
    isProduction: env.APP_ENV === "production",
    isHttps: new URL(env.APP_BASE_URL).protocol === "https:",
    isDevServer: process.env.NODE_ENV === "development",
  });
  const isPagePost = request.method === "POST" && !request.nextUrl.pathname.startsWith("/api/");
  const response = isPagePost && !isSameOriginRequest(request, env.APP_BASE_URL)
    ? htmlErrorPage(403, "Request refused", "This request did not come from our site, so nothing was changed.")
    : passOn(request, headers["Content-Security-Policy"] as string);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function passOn(request: NextRequest, contentSecurityPolicy: string): NextResponse {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", contentSecurityPolicy);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  // Built assets carry no HTML; next.config.ts gives them the static headers.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
