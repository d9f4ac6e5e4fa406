// Property-based bad input against every route handler, page and server action (fast-check, fixed
// seed): whatever arrives, the answer is never a 5xx, a 4xx carries a reason (JSON {error:{code,
// message}} or a page with an <h1>), and neither the database nor the LINE Pay sandbox changes.
// Each target is fuzzed as the identity that gets past its authorization, so the parser is reached.
import fc from "fast-check";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, test } from "./identities";
import { settledSnapshotState, snapshotState } from "./db-snapshot";
import {
  FUZZ_SEED,
  hostileBody,
  hostileQuery,
  hostileSegment,
  hostileText,
} from "./fuzz-arbitraries";
import { csrfToken } from "./security-helpers";
import { callAction } from "./server-actions";
import type { ActionCall } from "./route-catalog";

const RUNS = 30;
const PLAN_CODES = ["vip-30", "vip-90", "vip-365", "vip-monthly", "vip-yearly"];

async function expectAnsweredCleanly(
  response: APIResponse,
  label: string,
  options: { isAction?: boolean } = {},
) {
  const status = response.status();
  const body = await response.text(); // a streamed answer (CSV) must also finish without an error
  expect(status, `${label} → ${status}: ${body.slice(0, 200)}`).toBeLessThan(500);
  if (options.isAction) {
    // The action itself ran and answered: row 1 of the flight is its result (not an error), or an
    // action that returns nothing answers "$undefined" in row 0.
    expect(body, `${label}: the action's own answer`).toMatch(/^1:(?!E\{)|^0:\{"a":"\$undefined"/m);
    return;
  }
  if (status < 400) return;
  if ((response.headers()["content-type"] ?? "").includes("json")) {
    expect(JSON.parse(body), `${label}: JSON error shape`).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  } else {
    // An <h1> in the HTML, or a page Next.js streams as its not-found/forbidden page (app/not-found.tsx
    // and app/forbidden.tsx, both with an <h1>), marked by the fallback digest for this status.
    const isReadable =
      /<h1[^>]*>[^<]+/.test(body) || body.includes(`NEXT_HTTP_ERROR_FALLBACK;${status}`);
    expect(isReadable, `${label}: readable page (${status}): ${body.slice(0, 200)}`).toBe(true);
  }
}

/** Runs `send` for generated inputs; each must be answered cleanly and change nothing. */
const sent = { inputs: 0 };

async function fuzz<T>(
  arbitrary: fc.Arbitrary<T>,
  send: (input: T) => Promise<APIResponse>,
  options: { isAction?: boolean; numRuns?: number } = {},
) {
  await settledSnapshotState(); // an earlier test's background work (a sender run) has finished
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      sent.inputs++;
      const before = await snapshotState();
      const label = JSON.stringify(input).slice(0, 300);
      await expectAnsweredCleanly(await send(input), label, options);
      expect(await snapshotState(), `${label} changed nothing`).toEqual(before);
    }),
    { seed: FUZZ_SEED, numRuns: options.numRuns ?? RUNS, endOnFailure: true },
  );
}

function postBody(
  api: APIRequestContext,
  path: string,
  { body, contentType }: { body: string; contentType: string | null },
) {
  return api.post(path, {
    data: Buffer.from(body),
    headers: contentType ? { "Content-Type": contentType } : {},
    maxRedirects: 0,
  });
}

test.describe.configure({ timeout: 120_000 });

test.afterAll(() => {
  // Every one passed (a failure ends the run): no 5xx, a 4xx with a reason, nothing changed.
  console.log(
    `[fuzz] seed ${FUZZ_SEED}: ${sent.inputs} hostile requests, 0 answered 5xx, 0 changed the database or the sandbox ledger`,
  );
});

test("LINE Pay's confirm and cancel redirects: hostile queries, others' orders and wrong transaction ids", async ({
  identities,
}) => {
  const { api, ctx } = identities;
  const query = fc.oneof(
    hostileQuery(["orderId", "transactionId"]),
    // Valid-shaped but wrong: a real order with another transaction id, or a real transaction id with another order.
    fc
      .bigInt({ min: 1n, max: 10n ** 19n - 1n })
      .map(
        (id) =>
          `orderId=${encodeURIComponent(ctx.orderId)}&transactionId=${id === BigInt(ctx.transactionId) ? id + 1n : id}`,
      ),
    hostileText.map((orderId) =>
      new URLSearchParams({ orderId, transactionId: ctx.transactionId }).toString(),
    ),
  );
  await fuzz(
    fc.tuple(fc.constantFrom("confirm", "cancel"), query, fc.constantFrom("anonymous", "shopperB")),
    ([route, q, who]) => api[who].get(`/api/linepay/${route}?${q}`, { maxRedirects: 0 }),
    { numRuns: 60 },
  );
});

test("sign-up, checkout and the test clock: hostile bodies and content types", async ({
  identities,
}) => {
  const { api } = identities;
  // Anything that is not a well-formed, untaken sign-up (which would rightly create an account).
  await fuzz(hostileBody, (body) => postBody(api.anonymous, "/api/account/signup", body));
  await fuzz(
    fc.oneof(
      hostileBody,
      fc.record({
        body: hostileText
          .filter((c) => !PLAN_CODES.includes(c.trim()))
          .map((c) => new URLSearchParams({ planCode: c }).toString()),
        contentType: fc.constant("application/x-www-form-urlencoded"),
      }),
    ),
    (body) => postBody(api.shopperA, "/api/linepay/checkout", body),
  );
  const badMove = fc.oneof(
    fc.record({
      advanceMs: fc.oneof(
        fc.integer({ max: -1 }),
        fc.double({ noInteger: true }),
        fc.constant(1e300),
        hostileText,
      ),
    }),
    fc.record({ nowIso: hostileText.filter((t) => !/^\d{4}-\d{2}-\d{2}T/.test(t)) }),
    fc.record({ advanceMs: fc.nat(), nowIso: fc.constant("2026-01-01T00:00:00Z") }),
    fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
  );
  await fuzz(
    fc.oneof(
      hostileBody.filter((b) => !/^\s*\{/.test(b.body)),
      badMove.map((v) => ({ body: JSON.stringify(v), contentType: "application/json" })),
    ),
    (body) => postBody(api.cron, "/api/test-clock", body),
  );
});

test("the subscription buttons' route: hostile ids and actions, and another shopper's subscription", async ({
  identities,
}) => {
  const { api, ctx } = identities;
  const path = fc.oneof(
    fc
      .tuple(
        hostileSegment,
        fc.oneof(fc.constantFrom("cancel", "resume", "rebind"), hostileSegment),
      )
      .map(([id, action]) => ({
        who: "shopperA" as const,
        path: `/api/subscriptions/${id}/${action}`,
      })),
    fc.constantFrom("cancel", "resume", "rebind").map((action) => ({
      who: "shopperB" as const,
      path: `/api/subscriptions/${ctx.subscriptionId}/${action}`,
    })),
  );
  await fuzz(fc.tuple(path, hostileBody), ([{ who, path: p }, body]) =>
    postBody(api[who], p, body),
  );
});

test("admin route handlers: hostile export filters and runner ids", async ({ identities }) => {
  const { api } = identities;
  await fuzz(
    hostileQuery(["status", "type", "currency", "from", "to", "min", "max", "q", "sort", "size"]),
    (q) => api.admin.get(`/api/admin/orders/export?${q}`),
  );
  await fuzz(hostileQuery(["runnerId"]), (q) => api.admin.get(`/api/admin/renewals/progress?${q}`));
  // The cron routes' only input is the bearer token: a wrong one must move no money.
  const token = fc.string({ unit: fc.constantFrom(..."abcXYZ019-_.~+/= \t"), maxLength: 80 });
  await fuzz(
    fc.tuple(fc.constantFrom("/api/linepay/renewals", "/api/linepay/reconcile"), token),
    ([route, t]) => api.anonymous.post(route, { headers: { Authorization: `Bearer ${t}` } }),
  );
  await fuzz(fc.tuple(hostileSegment, hostileBody), ([segment, body]) =>
    postBody(api.anonymous, `/api/auth/callback/${segment}`, body),
  );
});

test("the credentials callback: no json, repeated keys, forwarded headers", async ({
  identities,
}) => {
  const { api } = identities;
  const token = await csrfToken(api.anonymous);
  const headerText = fc.string({
    unit: fc.constantFrom(..."0123456789abcdef.:, []-_"),
    maxLength: 60,
  });
  // A few emails only, so the per-email limit is reached and its 429 is fuzzed too.
  const value = fc.oneof(
    hostileText,
    fc.constantFrom("fuzz-a@example.com", "FUZZ-A@example.com ", "fuzz-b@example.com"),
    fc.constantFrom("true", "false", "", token, "not the password"),
  );
  const field = fc.tuple(
    fc.constantFrom("email", "password", "csrfToken", "json", "callbackUrl", "redirect"),
    value,
  );
  const shape = fc.record({
    fields: fc.array(field, { maxLength: 8 }),
    hasToken: fc.boolean(),
    forwardedFor: fc.option(headerText, { nil: undefined }),
    realIp: fc.option(headerText, { nil: undefined }),
  });
  await fuzz(shape, ({ fields, hasToken, forwardedFor, realIp }) =>
    api.anonymous.post("/api/auth/callback/credentials", {
      data: new URLSearchParams([
        ...fields,
        ...(hasToken ? [["csrfToken", token]] : []),
      ]).toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(forwardedFor !== undefined && { "X-Forwarded-For": forwardedFor }),
        ...(realIp !== undefined && { "X-Real-IP": realIp }),
      },
      maxRedirects: 0,
    }),
  );
});

test("pages: hostile filters, cursors, ids and return paths", async ({ identities }) => {
  const { api } = identities;
  const cursor = fc
    .record({
      sort: fc.constantFrom("newest", "oldest", "amount_desc", "amount_asc"),
      key: fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constant(9e15)),
      at: fc.oneof(fc.maxSafeInteger(), fc.double()),
      id: hostileText,
    })
    .map((c) => Buffer.from(JSON.stringify(c)).toString("base64url"));
  const targets = fc.oneof(
    hostileQuery([
      "status",
      "type",
      "currency",
      "from",
      "to",
      "min",
      "max",
      "q",
      "sort",
      "size",
      "after",
      "before",
    ]).map((q) => ({ who: "admin" as const, path: `/admin/orders?${q}` })),
    fc
      .tuple(
        fc.constantFrom("orders", "audit", "subscriptions"),
        fc.constantFrom("after", "before"),
        cursor,
        fc.constantFrom("", "&sort=amount_desc", "&sort=oldest"),
      )
      .map(([page, key, c, extra]) => ({
        who: "admin" as const,
        path: `/admin/${page}?${key}=${c}${extra}`,
      })),
    hostileQuery(["actor", "action", "target", "id", "before"]).map((q) => ({
      who: "admin" as const,
      path: `/admin/audit?${q}`,
    })),
    hostileQuery(["status", "plan", "q", "before"]).map((q) => ({
      who: "admin" as const,
      path: `/admin/subscriptions?${q}`,
    })),
    hostileQuery(["currency"]).map((q) => ({ who: "admin" as const, path: `/admin/revenue?${q}` })),
    fc
      .tuple(fc.constantFrom("/admin/orders/", "/admin/subscriptions/"), hostileSegment)
      .map(([base, s]) => ({ who: "admin" as const, path: base + s })),
    fc
      .tuple(fc.constantFrom("/orders/", "/admin/orders/"), hostileSegment)
      .map(([base, s]) => ({ who: "shopperA" as const, path: base + s })),
    fc
      .tuple(
        fc.constantFrom(
          "/checkout/success",
          "/checkout/cancel",
          "/signin",
          "/signup",
          "/account",
          "/",
        ),
        hostileQuery(["orderId", "callbackUrl", "error"]),
      )
      .map(([p, q]) => ({ who: "shopperA" as const, path: `${p}?${q}` })),
  );
  await fuzz(targets, ({ who, path }) => api[who].get(path, { maxRedirects: 0 }), { numRuns: 120 });
});

test("server actions: hostile form values as the admin, who gets past the check", async ({
  identities,
}) => {
  const { api, ctx } = identities;
  const orderPage = `/admin/orders/${encodeURIComponent(ctx.orderId)}`;
  const orderActions = "app/admin/orders/[orderId]/actions.ts";
  const act = (
    path: string,
    exportName: string,
    file: string,
    form: Record<string, string> | null,
  ): Promise<APIResponse> =>
    callAction(api.admin, path, {
      file,
      exportName,
      leadingArgs: [{ kind: "idle" }],
      form,
    } satisfies ActionCall);
  // Refund amounts that must never move money: malformed, zero, negative, over the order's total.
  const badAmount = fc.oneof(
    hostileText.filter((t) => !/^\s*0*[1-9]\d{0,2}\s*$/.test(t) || Number(t) > 300),
    fc.integer({ min: 301 }).map(String),
    fc.integer({ max: 0 }).map(String),
  );
  await fuzz(
    fc.record({
      orderId: fc.oneof(fc.constant(ctx.orderId), hostileText),
      amount: badAmount,
      reason: fc.oneof(hostileText, fc.constant("Goodwill")),
      idempotencyKey: fc.oneof(fc.uuid(), hostileText),
      // "confirm" is the second press, the one that refunds; "review" only asks for it.
      step: fc.oneof(fc.constantFrom("review", "confirm", "edit"), hostileText),
    }),
    (form) => act(orderPage, "refundAction", orderActions, form),
    { isAction: true },
  );
  const unknownOrderId = hostileText.filter((t) => t !== ctx.orderId);
  await fuzz(
    fc.record({ orderId: unknownOrderId }),
    (form) => act(orderPage, "verifyAction", orderActions, form),
    { isAction: true },
  );
  await fuzz(
    fc.record({ orderId: unknownOrderId }),
    (form) => act(orderPage, "paymentRecordAction", orderActions, form),
    { isAction: true },
  );
  await fuzz(
    fc.record({
      orderId: fc.oneof(fc.constant(ctx.orderId), hostileText),
      action: fc.oneof(fc.constantFrom("capture", "void"), hostileText),
      reason: fc.oneof(hostileText, fc.constant("Matrix fuzz")),
    }),
    (form) => act(orderPage, "authorizationAction", orderActions, form),
    { isAction: true },
  );
  // Never a valid action on A's live subscription with a valid reason (that would rightly change it).
  const subscriptionForm = fc
    .record({
      subscriptionId: fc.oneof(fc.constant(ctx.subscriptionId), hostileText),
      action: fc.oneof(fc.constantFrom("cancel_now", "expire_regkey"), hostileText),
      reason: hostileText,
      step: fc.oneof(fc.constantFrom("review", "confirm", "edit"), hostileText),
    })
    .filter(
      (f) =>
        !(
          f.subscriptionId === ctx.subscriptionId &&
          ["cancel_now", "expire_regkey", "cancel_at_period_end", "retry_now"].includes(f.action) &&
          f.reason.trim().length >= 3 &&
          f.reason.trim().length <= 500
        ),
    );
  await fuzz(
    subscriptionForm,
    (form) =>
      act(
        `/admin/subscriptions/${ctx.subscriptionId}`,
        "subscriptionAction",
        "app/admin/subscriptions/[subscriptionId]/actions.ts",
        form,
      ),
    { isAction: true },
  );
  await fuzz(
    fc.record({ orderId: unknownOrderId }),
    (form) => act("/admin/attention", "verifyNowAction", "app/admin/attention/actions.ts", form),
    { isAction: true },
  );
  await fuzz(
    fc.record({ locale: hostileText }),
    (form) =>
      callAction(api.anonymous, "/", {
        file: "app/_components/switch-locale-action.ts",
        exportName: "switchLocaleAction",
        leadingArgs: [],
        form,
      }),
    { isAction: true },
  );
});
