import { describe, expect, it } from "vitest";
import {
  buildContentSecurityPolicy,
  buildSecurityHeaders,
  generateNonce,
  linePayPaymentPageSources,
  type SecurityHeaderSettings,
} from "@/lib/security/security-headers";

const base: SecurityHeaderSettings = {
  nonce: "bm9uY2U=",
  paymentPageSources: ["http://localhost:9090", "line:"],
  isProduction: false,
  isHttps: false,
  isDevServer: false,
};

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split("; ").map((d) => {
      const [name = "", ...values] = d.split(" ");
      return [name, values];
    }),
  );
}

describe("security headers", () => {
  it("locks scripts to the request's nonce and keeps framing, plugins and base URLs closed", () => {
    const csp = directives(buildContentSecurityPolicy(base));
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'", "http://localhost:9090", "line:"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it("allows eval only for the dev server and upgrades requests only on https", () => {
    expect(
      directives(buildContentSecurityPolicy({ ...base, isDevServer: true })).get("script-src"),
    ).toContain("'unsafe-eval'");
    expect(
      directives(buildContentSecurityPolicy({ ...base, isHttps: true })).has(
        "upgrade-insecure-requests",
      ),
    ).toBe(true);
  });

  it("sends Strict-Transport-Security in production only", () => {
    expect(buildSecurityHeaders(base)["Strict-Transport-Security"]).toBeUndefined();
    expect(
      buildSecurityHeaders({ ...base, isHttps: true })["Strict-Transport-Security"],
    ).toBeUndefined();
    expect(
      buildSecurityHeaders({ ...base, isProduction: true, isHttps: true })[
        "Strict-Transport-Security"
      ],
    ).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });

  it("always sends the framing, sniffing and referrer headers", () => {
    const headers = buildSecurityHeaders(base);
    expect(headers).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  it("lets forms reach LINE's payment page host for LINE's API hosts and the sandbox's public page otherwise", () => {
    expect(linePayPaymentPageSources("https://api-pay.line.me", undefined)).toEqual([
      "https://web-pay.line.me",
      "line:",
    ]);
    expect(
      linePayPaymentPageSources("https://sandbox-api-pay.line.me", "http://localhost:9090"),
    ).toEqual(["https://sandbox-web-pay.line.me", "line:"]);
    expect(linePayPaymentPageSources("http://127.0.0.1:9191", "http://localhost:9191/")).toEqual([
      "http://localhost:9191",
      "line:",
    ]);
    expect(linePayPaymentPageSources("http://127.0.0.1:9191", undefined)).toEqual([
      "http://127.0.0.1:9191",
      "line:",
    ]);
  });

  it("makes a fresh 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, generateNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
