// Request size limits: every route handler that reads a body, and every server-action post, refuses
// a body over the limit with a readable 413 before parsing it, with or without Content-Length (a
// chunked body is cut off while it streams, so an endless upload is refused, not buffered).
import { request as httpRequest } from "node:http";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./identities";
import { snapshotState } from "./db-snapshot";
import type { Identity } from "./route-catalog";
import { actionId, encodeActionBody } from "./server-actions";
import { E2E_APP_URL, E2E_CRON_SECRET } from "./stack-config";

// lib/server/request-body.ts MAX_BODY_BYTES (not imported: the e2e side only talks HTTP).
const LIMIT = 16 * 1024;

interface Raw {
  status: number;
  body: string;
  sentBytes: number;
  location?: string;
}

async function cookieHeader(api: APIRequestContext): Promise<string> {
  return (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/**
 * Sends `chunk` repeatedly with Transfer-Encoding: chunked (no Content-Length) until the server
 * answers or `maxBytes` have gone out; returns the answer and how much was sent.
 */
function sendChunked(
  path: string,
  headers: Record<string, string>,
  chunk: string,
  maxBytes: number,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(
      `${E2E_APP_URL}${path}`,
      { method: "POST", headers: { ...headers, "Transfer-Encoding": "chunked" } },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, sentBytes, location: res.headers.location });
        });
      },
    );
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sentBytes < maxBytes) {
        sentBytes += Buffer.byteLength(chunk);
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const BODY_ROUTES: Array<{
  path: string;
  who: Identity;
  contentType: string;
  padded: (bytes: number) => string;
  /** The shop's own form posts send the browser to the problem page instead of a bare 413. */
  isShopForm?: boolean;
}> = [
  {
    path: "/api/account/signup",
    who: "anonymous",
    contentType: "application/json",
    padded: (n) => JSON.stringify({ email: "a@example.com", password: "x".repeat(n) }),
  },
  {
    path: "/api/linepay/checkout",
    who: "shopperA",
    contentType: "application/x-www-form-urlencoded",
    padded: (n) => `planCode=vip-30&pad=${"x".repeat(n)}`,
    isShopForm: true,
  },
  {
    path: "/api/test-clock",
    who: "cron",
    contentType: "application/json",
    padded: (n) => JSON.stringify({ advanceMs: 0, pad: "x".repeat(n) }),
  },
];

function expectRefused(
  raw: { status: number; body: string; location?: string },
  label: string,
  isShopForm = false,
) {
  if (isShopForm) {
    expect(raw.status, label).toBe(303);
    expect(raw.location, label).toBe("/problem?topic=checkout&reason=invalid_request");
    return;
  }
  expect(raw.status, `${label}: ${raw.body.slice(0, 200)}`).toBe(413);
  expect(raw.body, label).toMatch(/"code":"body_too_large"|<h1[^>]*>[^<]+/);
}

test("body-reading route handlers refuse one byte over the limit with 413, declared or chunked, and an endless upload is cut off", async ({
  identities,
}) => {
  const { api } = identities;
  const before = await snapshotState();
  for (const route of BODY_ROUTES) {
    const over = route.padded(LIMIT);
    const withLength = await api[route.who].post(route.path, {
      data: Buffer.from(over),
      headers: { "Content-Type": route.contentType },
      maxRedirects: 0,
    });
    expectRefused(
      {
        status: withLength.status(),
        body: await withLength.text(),
        location: withLength.headers().location,
      },
      `${route.path} with Content-Length`,
      route.isShopForm,
    );

    const headers: Record<string, string> = {
      "Content-Type": route.contentType,
      Cookie: await cookieHeader(api[route.who]),
    };
    if (route.who === "cron") headers.Authorization = `Bearer ${E2E_CRON_SECRET}`;
    expectRefused(
      await sendChunked(route.path, headers, over, Buffer.byteLength(over)),
      `${route.path} chunked`,
      route.isShopForm,
    );

    // 64 MiB offered in 64 KiB chunks: the answer must come long before it is all sent.
    const endless = await sendChunked(route.path, headers, "x".repeat(64 * 1024), 64 * 1024 * 1024);
    expectRefused(endless, `${route.path} endless chunked`, route.isShopForm);
    expect(endless.sentBytes, `${route.path}: refused while streaming`).toBeLessThan(
      16 * 1024 * 1024,
    );
  }
  expect(await snapshotState()).toEqual(before);
});

test("server-action and next-auth posts over the limit get 413 and without a length 411, before they are read", async ({
  identities,
}) => {
  const { api, ctx } = identities;
  const before = await snapshotState();
  const page = `/admin/orders/${encodeURIComponent(ctx.orderId)}`;
  const id = actionId("app/admin/orders/[orderId]/actions.ts", "refundAction");
  const form = encodeActionBody({
    leadingArgs: [{ kind: "idle" }],
    form: {
      orderId: ctx.orderId,
      amount: "1",
      reason: "x".repeat(LIMIT),
      idempotencyKey: crypto.randomUUID(),
    },
  }).multipart!;
  for (const headers of [{ "Next-Action": id }, {}] as Array<Record<string, string>>) {
    const big = await api.admin.post(page, { headers, multipart: form, maxRedirects: 0 });
    expect(big.status()).toBe(413);
    await expect(big.text()).resolves.toMatch(/<h1[^>]*>[^<]+/);
  }
  const chunked = await sendChunked(
    page,
    {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Cookie: await cookieHeader(api.admin),
    },
    '[{"kind":"idle"}]',
    20,
  );
  expect(chunked.status).toBe(411);

  // next-auth reads its own bodies: its posts get the same limit, in the JSON error shape.
  const signIn = await api.anonymous.post("/api/auth/callback/credentials", {
    form: { email: "a@example.com", password: "x".repeat(LIMIT) },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(413);
  await expect(signIn.json()).resolves.toMatchObject({ error: { code: "body_too_large" } });
  const signInChunked = await sendChunked(
    "/api/auth/callback/credentials",
    { "Content-Type": "application/x-www-form-urlencoded" },
    "email=a%40example.com",
    20,
  );
  expect(signInChunked.status).toBe(411);
  expect(await snapshotState()).toEqual(before);
});
