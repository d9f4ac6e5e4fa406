// Runs before every page and route: a fresh CSP nonce per request (Next.js reads it from the
// request's Content-Security-Policy header and stamps it on its scripts) and the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { buildSecurityHeaders, generateNonce, linePayPaymentPageSources } from "@/lib/security/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const env = getEnv();
  const headers = buildSecurityHeaders({
    nonce: generateNonce(),
    paymentPageSources: linePayPaymentPageSources(env.LINEPAY_API_BASE_URL, env.LINEPAY_SANDBOX_PUBLIC_URL),
    isProduction: env.APP_ENV === "production",
    isHttps: new URL(env.APP_BASE_URL).protocol === "https:",
    isDevServer: process.env.NODE_ENV === "development",
  });
  const csp = headers["Content-Security-Policy"] as string;
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Built assets carry no HTML; next.config.ts gives them the static headers.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
