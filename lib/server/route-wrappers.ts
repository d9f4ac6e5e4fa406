// Route handler wrappers: the checks every handler under app/api used to repeat, done once. Each
// wrapper gives the request an id (the caller's `x-request-id` when it looks like one, else a new
// one, echoed on the answer), refuses cross-site unsafe requests (Origin / Fetch Metadata), checks
// who is asking (shopper or admin session, or the cron bearer secret), and maps anything thrown to
// one answer: an AppError to its status and `{error:{code,message}}` (or the problem page), a
// ZodError to 422, anything else to a generic 500 logged with the request id.
import { inSpan } from "@/lib/observability/tracing";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import type { Logger } from "pino";
import type { UserRecord } from "@/lib/db/user-repository";
import type { RateLimitRule } from "@/lib/security/rate-limit";
import { hasValidBearer } from "./bearer-auth";
import { clientIp } from "./client-ip";
import { errorResponse, type ErrorPages } from "./error-response";
import { jsonError, problemRedirect, seeOther } from "./http-responses";
import { isSameOriginRequest } from "./same-origin";

export interface RouteWrapperDeps {
  appBaseUrl: () => string;
  cronSecret: () => string | undefined;
  /** TRUSTED_PROXY_HOPS: how many X-Forwarded-For entries, from the right, proxies wrote. */
  trustedProxyHops: () => number;
  getSessionUser: () => Promise<UserRecord | null>;
  /** Counts one hit; throws RateLimitedError past the rule's limit. */
  enforceRateLimit: (rule: RateLimitRule, subject: string) => Promise<void>;
  logger: Logger;
}

/** Next.js passes dynamic segments as a promise; routes without any get an empty object. */
export interface NextRouteContext<P> {
  params: Promise<P>;
}

export interface RouteContext<P> {
  params: P;
  requestId: string;
  /** A child logger that stamps every line with this request's id. */
  log: Logger;
  /** The client's address as far as the trusted proxies tell it (lib/server/client-ip.ts). */
  clientAddress: string;
  /** Counts this request against `rule` for `subject` (default: the shopper, else the client IP). */
  rateLimit: (rule: RateLimitRule, subject?: string) => Promise<void>;
}

export interface ShopperContext<P> extends RouteContext<P> {
  user: UserRecord;
}

interface CommonOptions {
  /** Answer errors with HTML pages instead of JSON. */
  pages?: ErrorPages;
  /**
   * A payment provider's callback that is cross-site by nature (SinoPac's card page form-POSTs to
   * ReturnURL; its server POSTs to BackendURL): the origin check is skipped. Only for handlers whose
   * body is a mere trigger and whose truth comes from the provider's own signed answer.
   */
  isProviderCallback?: boolean;
}

type Handler<C> = (request: NextRequest, ctx: C) => Promise<Response>;
export type RouteHandler<P> = (
  request: NextRequest,
  context: NextRouteContext<P>,
) => Promise<Response>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function requestIdFor(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given !== null && REQUEST_ID.test(given) ? given : randomUUID();
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // Immutable headers (a fetched or redirect Response): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}

export type { ErrorPages };

export function createRouteWrappers(deps: RouteWrapperDeps) {
  function crossOriginResponse(pages: ErrorPages | undefined): Response {
    if (pages) return problemRedirect({ topic: pages.topic, reason: "cross_origin" });
    return jsonError(403, "cross_origin", "Cross-site requests are not allowed");
  }

  /** The shared frame: request id, origin check (unsafe methods, or always), error mapping. */
  function wrap<P, C>(
    options: CommonOptions & { checkOriginAlways?: boolean },
    authorize: (request: Request, base: RouteContext<P>) => Promise<C | Response>,
    handler: Handler<C>,
  ): RouteHandler<P> {
    return (request, context) => {
      const requestId = requestIdFor(request);
      const path = new URL(request.url).pathname;
      // One span per request (the route's path, no query: LINE Pay's return carries ids in it).
      const attributes = { "http.request.method": request.method, "url.path": path, requestId };
      return inSpan(`${request.method} ${path}`, attributes, async (span) => {
        const response = await answer(request, context, requestId, path);
        span.setAttribute("http.response.status_code", response.status);
        return response;
      });
    };

    async function answer(
      request: NextRequest,
      context: NextRouteContext<P> | undefined,
      requestId: string,
      path: string,
    ): Promise<Response> {
      const log = deps.logger.child({ requestId, method: request.method, path });
      let response: Response;
      try {
        const unsafe =
          !options.isProviderCallback &&
          (options.checkOriginAlways || !SAFE_METHODS.has(request.method));
        if (unsafe && !isSameOriginRequest(request, deps.appBaseUrl())) {
          response = crossOriginResponse(options.pages);
        } else {
          // Next.js passes a context even without dynamic segments; a direct call may not.
          const params = (await context?.params) ?? ({} as P);
          const clientAddress = clientIp(request, deps.trustedProxyHops());
          const base: RouteContext<P> = {
            params,
            requestId,
            log,
            clientAddress,
            rateLimit: (rule, subject) => deps.enforceRateLimit(rule, subject ?? clientAddress),
          };
          const ctx = await authorize(request, base);
          response = ctx instanceof Response ? ctx : await handler(request, ctx);
        }
      } catch (error) {
        response = errorResponse(error, options.pages, log, requestId);
      }
      return withRequestId(response, requestId);
    }
  }

  /** Anyone: LINE Pay's confirm/cancel redirects, sign-up, health, next-auth. */
  function withPublic<P = Record<string, never>>(
    handler: Handler<RouteContext<P>>,
    options: CommonOptions = {},
  ): RouteHandler<P> {
    return wrap<P, RouteContext<P>>(options, async (_request, base) => base, handler);
  }

  /** A signed-in shopper (any role); without a session the browser goes to sign-in and back. */
  function withShopper<P = Record<string, never>>(
    handler: Handler<ShopperContext<P>>,
    options: CommonOptions & { returnTo: string },
  ): RouteHandler<P> {
    return wrap<P, ShopperContext<P>>(
      options,
      async (_request, base) => {
        const user = await deps.getSessionUser();
        if (!user) return seeOther(`/signin?callbackUrl=${encodeURIComponent(options.returnTo)}`);
        return {
          ...base,
          user,
          rateLimit: (rule, subject) => deps.enforceRateLimit(rule, subject ?? user.id),
        };
      },
      handler,
    );
  }

  /** A signed-in admin; others get 401 (no session) or 403 (not an admin) in JSON. */
  function withAdmin<P = Record<string, never>>(
    handler: Handler<ShopperContext<P>>,
    options: CommonOptions & { unauthenticated: string; forbidden: string },
  ): RouteHandler<P> {
    return wrap<P, ShopperContext<P>>(
      options,
      async (_request, base) => {
        const user = await deps.getSessionUser();
        if (!user) return jsonError(401, "unauthenticated", options.unauthenticated);
        if (user.role !== "ADMIN") return jsonError(403, "forbidden", options.forbidden);
        return { ...base, user };
      },
      handler,
    );
  }

  /**
   * Schedulers and test tooling: `Authorization: Bearer $CRON_SECRET`, checked on every method (a
   * scheduler sends no Origin, so a browser on another site is refused before the secret is read).
   * `isEnabled` hides the route entirely (404) where it must not exist, such as the test clock.
   */
  function withCron<P = Record<string, never>>(
    handler: Handler<RouteContext<P>>,
    options: CommonOptions & { isEnabled?: () => boolean; disabledMessage?: string } = {},
  ): RouteHandler<P> {
    const cron = wrap<P, RouteContext<P>>(
      { ...options, checkOriginAlways: true },
      async (request, base) => {
        if (!hasValidBearer(request, deps.cronSecret()))
          return jsonError(401, "unauthorized", "A valid Bearer CRON_SECRET is required");
        return base;
      },
      handler,
    );
    const { isEnabled } = options;
    if (!isEnabled) return cron;
    return async (request, context) => {
      if (isEnabled()) return cron(request, context);
      return withRequestId(
        jsonError(404, "not_found", options.disabledMessage ?? "Not found"),
        requestIdFor(request),
      );
    };
  }

  return { withPublic, withShopper, withAdmin, withCron };
}
