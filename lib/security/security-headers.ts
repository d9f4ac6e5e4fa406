// The security headers every page and route answers with, built from plain settings so the policy
// is unit-tested without Next.js. proxy.ts calls this once per request with a fresh nonce.

export interface SecurityHeaderSettings {
  /** Per-request random value; Next.js puts it on its own inline and bundle scripts. */
  nonce: string;
  /** Origins (or schemes such as `line:`) a form may lead to besides our own: LINE Pay's payment page. */
  paymentPageSources: readonly string[];
  isProduction: boolean;
  isHttps: boolean;
  /** `next dev` evaluates code for fast refresh and error overlays. */
  isDevServer: boolean;
}

export function buildContentSecurityPolicy(settings: SecurityHeaderSettings): string {
  const scriptSources = ["'self'", `'nonce-${settings.nonce}'`, "'strict-dynamic'"];
  if (settings.isDevServer) scriptSources.push("'unsafe-eval'");
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", ...scriptSources],
    // React and recharts write style attributes; a nonce cannot cover those, and styles cannot run code.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    // Checkout is a form POST answered with a 303 to LINE Pay; Chromium applies form-action to that redirect.
    ["form-action", "'self'", ...settings.paymentPageSources],
    ["frame-ancestors", "'none'"],
  ];
  if (settings.isHttps) directives.push(["upgrade-insecure-requests"]);
  return directives.map((parts) => parts.join(" ")).join("; ");
}

export function buildSecurityHeaders(settings: SecurityHeaderSettings): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": buildContentSecurityPolicy(settings),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  // Browsers only honour HSTS over HTTPS, and a local or test host must never be pinned to it.
  if (settings.isProduction)
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

const LINE_PAYMENT_PAGE_BY_API_HOST: Record<string, string> = {
  "api-pay.line.me": "https://web-pay.line.me",
  "sandbox-api-pay.line.me": "https://sandbox-web-pay.line.me",
};

/**
 * Where LINE Pay's payment page lives for the configured API host: LINE's web hosts for LINE's own
 * API, else the local sandbox's public URL (the page the sandbox links to). `line:` is the app URL
 * mobile browsers are sent to.
 */
export function linePayPaymentPageSources(
  apiBaseUrl: string,
  sandboxPublicUrl: string | undefined,
): string[] {
  const apiUrl = new URL(apiBaseUrl);
  const lineHost = LINE_PAYMENT_PAGE_BY_API_HOST[apiUrl.hostname];
  const webOrigin = lineHost ?? new URL(sandboxPublicUrl ?? apiBaseUrl).origin;
  return [webOrigin, "line:"];
}

/**
 * Where SinoPac's hosted card page lives, as a form-action source (the checkout's 303 to it is a
 * form submission's redirect). The local emulator's public URL when set; otherwise SinoPac's page
 * hosts as seen in sandbox captures (sandbox.sinopac.com) and the production API's host family
 * (funbiz / api .sinopac.com; the production page host is UNCONFIRMED in the wire notes).
 */
export function sinoPacPaymentPageSources(
  isEnabled: boolean,
  sandboxPublicUrl: string | undefined,
): string[] {
  if (!isEnabled) return [];
  if (sandboxPublicUrl) return [new URL(sandboxPublicUrl).origin];
  return ["https://sandbox.sinopac.com", "https://funbiz.sinopac.com", "https://api.sinopac.com"];
}

/** 128 random bits, base64: unguessable per response. */
export function generateNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
