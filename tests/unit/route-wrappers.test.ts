// The route wrappers: refusals happen before the handler runs, thrown errors map to one answer
// shape, unknown errors become a generic 500 logged with the request id, and the id is echoed.
import { Writable } from "node:stream";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { UserRecord } from "@/lib/db/user-repository";
import { AppError } from "@/lib/errors/app-error";
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { createLogger } from "@/lib/logger";
import type { RateLimitRule } from "@/lib/security/rate-limit";
import { RateLimitedError } from "@/lib/security/rate-limiter";
import { createRouteWrappers, type RouteWrapperDeps } from "@/lib/server/route-wrappers";

const APP = "https://shop.example";
const CRON_SECRET = "cron-secret-for-tests-0123456789";
const shopper: UserRecord = { id: "u1", email: "s@example.com", name: null, role: "SHOPPER" };
const admin: UserRecord = { id: "a1", email: "a@example.com", name: null, role: "ADMIN" };

function setup(overrides: Partial<RouteWrapperDeps> = {}) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const deps: RouteWrapperDeps = {
    appBaseUrl: () => APP,
    cronSecret: () => CRON_SECRET,
    trustedProxyHops: () => 1,
    getSessionUser: async () => shopper,
    enforceRateLimit: async () => {},
    logger: createLogger(sink, "info"),
    ...overrides,
  };
  return { wrappers: createRouteWrappers(deps), lines, deps };
}

function request(
  method: string,
  headers: Record<string, string> = {},
  path = "/api/x",
): NextRequest {
  return new NextRequest(`${APP}${path}`, { method, headers });
}

const noParams = { params: Promise.resolve({}) };

describe("route wrappers", () => {
  it("refuses a POST with another Origin with 403 before the handler or the session is touched", async () => {
    const getSessionUser = vi.fn(async () => shopper);
    const { wrappers } = setup({ getSessionUser });
    const handler = vi.fn(async () => new Response("ok"));
    const response = await wrappers.withShopper(handler, { returnTo: "/" })(
      request("POST", { origin: "https://evil.example" }),
      noParams,
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "cross_origin", message: "Cross-site requests are not allowed" },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(getSessionUser).not.toHaveBeenCalled();
  });

  it("lets a provider callback's cross-site POST through (its body is only a trigger)", async () => {
    const { wrappers } = setup();
    const handler = vi.fn(async () => new Response("ok"));
    const route = wrappers.withPublic(handler, { isProviderCallback: true });
    const response = await route(
      request("POST", { origin: "https://sandbox.sinopac.com", "sec-fetch-site": "cross-site" }),
      noParams,
    );
    expect(response.status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
    const plain = wrappers.withPublic(handler);
    expect(
      (await plain(request("POST", { origin: "https://evil.example" }), noParams)).status,
    ).toBe(403);
  });

  it("sends a cross-site POST without Origin (Fetch Metadata) to the problem page, handler not run", async () => {
    const { wrappers } = setup();
    const handler = vi.fn(async () => new Response("ok"));
    const wrapped = wrappers.withPublic(handler, { pages: { topic: "checkout" } });
    const response = await wrapped(request("POST", { "sec-fetch-site": "cross-site" }), noParams);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/problem?topic=checkout&reason=cross_origin");
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets a same-origin POST and a GET from anywhere through to the handler", async () => {
    const { wrappers } = setup();
    const wrapped = wrappers.withPublic(async () => Response.json({ ok: true }));
    expect((await wrapped(request("POST", { origin: APP }), noParams)).status).toBe(200);
    expect(
      (await wrapped(request("GET", { "sec-fetch-site": "cross-site" }), noParams)).status,
    ).toBe(200);
  });

  it("answers a cron route without the bearer secret with 401, and with it runs the handler", async () => {
    const { wrappers } = setup();
    const handler = vi.fn(async () => Response.json({ run: {} }));
    const wrapped = wrappers.withCron(handler);
    const missing = await wrapped(request("POST"), noParams);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: { code: "unauthorized", message: "A valid Bearer CRON_SECRET is required" },
    });
    expect(
      (await wrapped(request("POST", { authorization: "Bearer wrong" }), noParams)).status,
    ).toBe(401);
    expect(handler).not.toHaveBeenCalled();
    expect(
      (await wrapped(request("GET", { authorization: `Bearer ${CRON_SECRET}` }), noParams)).status,
    ).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("checks a cron route's Origin on GET too, and hides a disabled route with 404 first", async () => {
    const { wrappers } = setup();
    const handler = vi.fn(async () => new Response("ok"));
    const crossSite = request("GET", {
      authorization: `Bearer ${CRON_SECRET}`,
      origin: "https://evil.example",
    });
    expect((await wrappers.withCron(handler)(crossSite, noParams)).status).toBe(403);
    const disabled = wrappers.withCron(handler, {
      isEnabled: () => false,
      disabledMessage: "Not here",
    });
    const response = await disabled(crossSite, noParams);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "Not here" } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("sends a shopper without a session to sign in, and tells admins from shoppers", async () => {
    const handler = vi.fn(async () => new Response("ok"));
    const anonymous = setup({ getSessionUser: async () => null }).wrappers;
    const toSignIn = await anonymous.withShopper(handler, { returnTo: "/account" })(
      request("POST", { origin: APP }),
      noParams,
    );
    expect(toSignIn.status).toBe(303);
    expect(toSignIn.headers.get("location")).toBe("/signin?callbackUrl=%2Faccount");
    const adminOptions = { unauthenticated: "Sign in as an admin.", forbidden: "Only admins." };
    expect(
      (await anonymous.withAdmin(handler, adminOptions)(request("GET"), noParams)).status,
    ).toBe(401);
    const forbidden = await setup().wrappers.withAdmin(handler, adminOptions)(
      request("GET"),
      noParams,
    );
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: { code: "forbidden", message: "Only admins." },
    });
    expect(handler).not.toHaveBeenCalled();
    const allowed = await setup({ getSessionUser: async () => admin }).wrappers.withAdmin(
      handler,
      adminOptions,
    )(request("GET"), noParams);
    expect(allowed.status).toBe(200);
  });

  it("maps an AppError subclass to its status, code and (safe) message", async () => {
    const { wrappers } = setup();
    const conflict = wrappers.withPublic(async () => {
      throw new CheckoutError(
        409,
        "cannot_cancel",
        "This subscription cannot be cancelled in its current state.",
      );
    });
    const response = await conflict(request("GET"), noParams);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: {
        code: "conflict",
        message: "This subscription cannot be cancelled in its current state.",
      },
    });
  });

  it("sends a page route's errors to the problem page with the error's reason and order", async () => {
    const { wrappers, lines } = setup();
    const answer = (error: unknown) =>
      wrappers.withPublic(
        async () => {
          throw error;
        },
        { pages: { topic: "confirm" } },
      )(request("GET"), noParams);
    const mismatch = await answer(
      new CheckoutError(400, "link_mismatch", "Does not match.", "VIP-20261203-ABC"),
    );
    expect(mismatch.status).toBe(303);
    expect(mismatch.headers.get("location")).toBe(
      "/problem?topic=confirm&reason=link_mismatch&order=VIP-20261203-ABC",
    );
    const crash = await answer(new Error("database went away"));
    expect(crash.headers.get("location")).toMatch(/^\/problem\?topic=confirm&reason=internal&ref=/);
    expect(lines.some((line) => line.msg === "unhandled error in route handler")).toBe(true);
    const conflict = await answer(new AppError("busy", { status: 409, errorCode: "conflict" }));
    expect(conflict.headers.get("location")).toBe("/problem?topic=confirm&reason=busy");
  });

  it("does not show an AppError's message that was not written for the reader", async () => {
    const { wrappers, lines } = setup();
    const wrapped = wrappers.withPublic(async () => {
      throw new AppError("LINE Pay 1104 for order VIP-1", {
        status: 502,
        errorCode: "payment_refused",
      });
    });
    const response = await wrapped(request("GET"), noParams);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("payment_refused");
    expect(body.error.message).not.toContain("1104");
    expect(lines.some((line) => line.msg === "route failed")).toBe(true);
  });

  it("answers a rate-limited request with 429 and Retry-After as JSON, or the problem page for a page route", async () => {
    const limited = async () => {
      throw new RateLimitedError(90);
    };
    const { wrappers } = setup({ enforceRateLimit: limited });
    const json = await wrappers.withPublic(async (_r, { rateLimit }) => {
      await rateLimit({ name: "x", limit: 1, windowMs: 1000 });
      return new Response("ok");
    })(request("POST", { origin: APP }), noParams);
    expect(json.status).toBe(429);
    expect(json.headers.get("retry-after")).toBe("90");
    expect(await json.json()).toEqual({
      error: { code: "rate_limited", message: "Too many attempts. Try again in 2 minutes." },
    });
    const page = await wrappers.withShopper(
      async (_r, { rateLimit }) => {
        await rateLimit({ name: "x", limit: 1, windowMs: 1000 });
        return new Response("ok");
      },
      {
        returnTo: "/",
        pages: { topic: "checkout" },
      },
    )(request("POST", { origin: APP }), noParams);
    expect(page.status).toBe(303);
    expect(page.headers.get("retry-after")).toBe("90");
    expect(page.headers.get("location")).toBe(
      "/problem?topic=checkout&reason=rate_limited&wait=90",
    );
  });

  it("counts a shopper's rate limit against the shopper, a public route's against the client IP", async () => {
    const enforceRateLimit = vi.fn(async () => {});
    const { wrappers } = setup({ enforceRateLimit });
    const rule: RateLimitRule = { name: "x", limit: 1, windowMs: 1000 };
    const body = async (
      _r: NextRequest,
      ctx: { rateLimit: (limit: RateLimitRule) => Promise<void> },
    ) => {
      await ctx.rateLimit(rule);
      return new Response("ok");
    };
    await wrappers.withShopper(body, { returnTo: "/" })(request("POST", { origin: APP }), noParams);
    await wrappers.withPublic(body)(
      request("POST", { origin: APP, "x-forwarded-for": "203.0.113.9" }),
      noParams,
    );
    expect(enforceRateLimit.mock.calls).toEqual([
      [rule, "u1"],
      [rule, "203.0.113.9"],
    ]);
  });

  it("answers a ZodError with 422 invalid_input", async () => {
    const { wrappers } = setup();
    const response = await wrappers.withPublic(async () => {
      z.object({ planCode: z.string() }).parse({});
      return new Response("unreachable");
    })(request("GET"), noParams);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_input" } });
  });

  it("answers an unknown error with a generic 500 and logs it with the request id", async () => {
    const { wrappers, lines } = setup();
    const response = await wrappers.withPublic(async () => {
      throw new Error('relation "Order" does not exist');
    })(request("GET", { "x-request-id": "req-0123456789" }), noParams);
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("req-0123456789");
    const body = (await response.json()) as {
      error: { code: string; message: string; requestId: string };
    };
    expect(body.error.code).toBe("internal_error");
    expect(body.error.requestId).toBe("req-0123456789");
    expect(body.error.message).not.toContain("Order");
    const logged = lines.find((line) => line.msg === "unhandled error in route handler");
    expect(logged).toMatchObject({
      level: "error",
      requestId: "req-0123456789",
      path: "/api/x",
      error: { message: 'relation "Order" does not exist' },
    });
  });

  it("sends a page route's failure to the problem page with the request id as its reference", async () => {
    const { wrappers, lines } = setup();
    const page = await wrappers.withPublic(
      async () => {
        throw new Error("boom");
      },
      { pages: { topic: "checkout" } },
    )(request("GET"), noParams);
    expect(page.status).toBe(303);
    const requestId = page.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.headers.get("location")).toBe(
      `/problem?topic=checkout&reason=internal&ref=${requestId}`,
    );
    expect(lines.find((line) => line.msg === "unhandled error in route handler")).toMatchObject({
      requestId,
    });
  });

  it("echoes a well-formed x-request-id, replaces a malformed one, and stamps redirects too", async () => {
    const { wrappers } = setup();
    const wrapped = wrappers.withPublic(async () => Response.redirect(`${APP}/done`, 303));
    const echoed = await wrapped(request("GET", { "x-request-id": "abc-12345678" }), noParams);
    expect(echoed.status).toBe(303);
    expect(echoed.headers.get("x-request-id")).toBe("abc-12345678");
    const replaced = await wrapped(
      request("GET", { "x-request-id": "bad id\twith spaces" }),
      noParams,
    );
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("passes the route's dynamic segments to the handler", async () => {
    const { wrappers } = setup();
    const wrapped = wrappers.withPublic<{ id: string }>(async (_r, { params }) =>
      Response.json(params),
    );
    expect(
      await (await wrapped(request("GET"), { params: Promise.resolve({ id: "s1" }) })).json(),
    ).toEqual({ id: "s1" });
  });
});

describe("logger", () => {
  it("censors secret-bearing fields", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger(sink, "info").info(
      {
        regKey: "RK9A2BA1937EQTO",
        user: { passwordHash: "$2a$hash" },
        headers: { authorization: "Bearer s3cret" },
      },
      "x",
    );
    const text = lines.join("");
    expect(text).not.toContain("RK9A2BA1937EQTO");
    expect(text).not.toContain("$2a$hash");
    expect(text).not.toContain("s3cret");
    expect(text).toContain("[redacted]");
  });
});
