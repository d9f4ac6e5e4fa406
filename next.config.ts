import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// Static headers for everything, built assets included; the per-request Content-Security-Policy
// (nonce, LINE Pay form target) and HSTS come from proxy.ts (lib/security/security-headers.ts).
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A self-contained server (.next/standalone/server.js with only the files it needs) for the
  // container image and VMs (docs/deploy-*.md); `next start` still serves the same build.
  output: "standalone",
  // `next build` type-checks the app only: tests and test tooling need dev dependencies, which a
  // production install (`npm ci --omit=dev`) does not have. `npm test` type-checks everything.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Fixed into the build: a production build refuses APP_ENV=test unless it was built for it
  // (lib/env.ts), so a deployment cannot turn the test clock on with an environment variable.
  env: { APP_BUILD_ENV: process.env.APP_ENV === "test" ? "test" : "production" },
  // Native and WASM database drivers are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "bcryptjs",
    "pino",
    // One OpenTelemetry API, context manager and meter for the whole server (instrumentation.ts
    // registers them).
    "@opentelemetry/api",
    "@opentelemetry/context-async-hooks",
    "@opentelemetry/sdk-trace",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/sdk-metrics",
    "@opentelemetry/resources",
    "@opentelemetry/exporter-metrics-otlp-http",
    "@prisma/instrumentation",
  ],
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default withNextIntl(nextConfig);
