// Runs before pages and the API routes that do not stream their bodies. Three jobs:
// - refuse requests Next.js itself would answer with a bare 500 (undecodable paths, oversized page
//   posts; see lib/server/request-guard.ts);
// - POSTs to pages are server actions: Next.js checks their Origin but lets a request without one
//   through, so Fetch Metadata is checked here too;
// - a fresh CSP nonce per request (Next.js reads it from the request's Content-Security-Policy
//   header and stamps it on its scripts) and the security headers.
// Authorization is not done here; every page, action and handler checks it itself.
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import {
  buildSecurityHeaders,
  generateNonce,
  linePayPaymentPageSources,
  sinoPacPaymentPageSources,
} from "@/lib/security/security-headers";
import { htmlErrorPage, jsonError } from "@/lib/server/http-responses";
import { refuseRequest } from "@/lib/server/request-guard";
import { isSameOriginRequest } from "@/lib/server/same-origin";

export function proxy(request: NextRequest): Response {
  const env = getEnv();
  const { pathname } = request.nextUrl;
  const headers = buildSecurityHeaders({
    nonce: generateNonce(),
    paymentPageSources: [
      ...linePayPaymentPageSources(env.LINEPAY_API_BASE_URL, env.LINEPAY_SANDBOX_PUBLIC_URL),
      ...sinoPacPaymentPageSources(env.SINOPAC_ENABLED === "1", env.SINOPAC_SANDBOX_PUBLIC_URL),
    ],
    isProduction: env.APP_ENV === "production",
    isHttps: new URL(env.APP_BASE_URL).protocol === "https:",
    isDevServer: env.NODE_ENV === "development",
  });
  const refusal = refuseRequest({
    method: request.method,
    pathname,
    contentLength: request.headers.get("content-length"),
  });
  const isPagePost = request.method === "POST" && !pathname.startsWith("/api/");
  let response: Response;
  if (refusal) {
    response = pathname.startsWith("/api/")
      ? jsonError(refusal.status, refusal.code, refusal.message)
      : htmlErrorPage(refusal.status, refusal.title, refusal.message);
  } else if (isPagePost && !isSameOriginRequest(request, env.APP_BASE_URL)) {
    response = htmlErrorPage(
      403,
      "Request refused",
      "This request did not come from our site, so nothing was changed.",
    );
  } else {
    response = passOn(request, headers["Content-Security-Policy"] as string);
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function passOn(request: NextRequest, contentSecurityPolicy: string): NextResponse {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", contentSecurityPolicy);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

// Not the body-reading API routes: with a proxy in front, Next.js buffers a request's whole body
// before the handler runs, and those routes cut an oversized body off while it streams in (their
// JSON answers carry the static headers from next.config.ts). The dynamic API routes (whose
// segments may not decode) are matched. Built assets carry no HTML.
export const config = {
  matcher: [
    "/((?!api/|_next/static|_next/image|favicon.ico).*)",
    "/api/subscriptions/:path*",
    "/api/auth/:path*",
  ],
};
