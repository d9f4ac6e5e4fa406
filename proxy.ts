// Runs before routing: refuses requests Next.js itself would answer with a bare 500 (see
// lib/server/request-guard.ts). Authorization is not done here; every page, action and handler
// checks it itself.
import type { NextRequest } from "next/server";
import { htmlErrorPage, jsonError } from "@/lib/server/http-responses";
import { refuseRequest } from "@/lib/server/request-guard";

export function proxy(request: NextRequest): Response | undefined {
  const pathname = new URL(request.url).pathname;
  const refusal = refuseRequest({ method: request.method, pathname, contentLength: request.headers.get("content-length") });
  if (!refusal) return undefined;
  return pathname.startsWith("/api/")
    ? jsonError(refusal.status, refusal.code, refusal.message)
    : htmlErrorPage(refusal.status, refusal.title, refusal.message);
}

// Not the body-reading API routes: with a proxy in front, Next.js buffers a request's whole body
// before the handler runs, and those routes cut an oversized body off while it streams in. The
// dynamic API routes (whose segments may not decode) are matched.
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)", "/api/subscriptions/:path*", "/api/auth/:path*"],
};
