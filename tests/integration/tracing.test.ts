// One purchase as one trace (SQLite and Postgres): the checkout request and LINE Pay's return, each
// through the app's route wrappers, with the LINE Pay request and confirm calls and the database
// transactions as their children, collected by an in-memory exporter. No attribute carries the
// channel secret.
import { context, trace } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { createLogger } from "@/lib/logger";
import { startTracing } from "@/lib/observability/start-tracing";
import { inSpan } from "@/lib/observability/tracing";
import { createRouteWrappers } from "@/lib/server/route-wrappers";
import {
  createCheckoutHarness,
  redirectParams,
  TEST_CHANNEL,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";

const APP = "http://shop.test";
const exporter = new InMemorySpanExporter();
const provider = startTracing([new SimpleSpanProcessor({ exporter })]);

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

describe.each(PROVIDERS)("[%s] tracing one purchase", (dbProvider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(dbProvider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows checkout, the LINE Pay request and confirm calls and the transactions as one tree", async () => {
    const shopper = await h.createShopper();
    exporter.reset();
    const wrappers = createRouteWrappers({
      appBaseUrl: () => APP,
      cronSecret: () => undefined,
      trustedProxyHops: () => 0,
      getSessionUser: async () => ({ ...shopper, name: null, role: "SHOPPER" }),
      enforceRateLimit: async () => {},
      logger: createLogger(undefined, "silent"),
    });
    const checkoutRoute = wrappers.withShopper(
      async () =>
        Response.json(
          await startCheckout(h.deps, {
            userId: shopper.id,
            planCode: "vip-30",
            preferAppUrl: false,
          }),
        ),
      { returnTo: "/" },
    );
    const confirmRoute = wrappers.withPublic(async (request) => {
      const query = new URL(request.url).searchParams;
      const order = await confirmCheckout(h.deps, {
        orderId: query.get("orderId") ?? "",
        transactionId: query.get("transactionId") ?? "",
      });
      return Response.json({ status: order.status });
    });

    let orderRowId = "";
    await inSpan("purchase", {}, async () => {
      const checkout = await checkoutRoute(
        new NextRequest(`${APP}/api/linepay/checkout`, {
          method: "POST",
          headers: { origin: APP },
        }),
        { params: Promise.resolve({}) },
      );
      expect(checkout.status).toBe(200);
      const { orderId } = (await checkout.json()) as { orderId: string };
      const order = await h.database.db.order.findUniqueOrThrow({ where: { orderId } });
      orderRowId = order.id;
      const transactionId = order.transactionId;
      const approved = await h.shopperAction(transactionId!, "approve");
      const back = redirectParams(approved.redirectUrl);
      const confirm = await confirmRoute(
        new NextRequest(
          `${APP}/api/linepay/confirm?orderId=${back.orderId}&transactionId=${back.transactionId}`,
        ),
        { params: Promise.resolve({}) },
      );
      expect(await confirm.json()).toEqual({ status: "PAID" });
    });

    const spans = exporter.getFinishedSpans();
    if (process.env.DUMP_SPANS) dumpTree(spans);
    const root = only(spans, "purchase");
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(
      new Set([root.spanContext().traceId]),
    );
    const checkoutSpan = only(spans, "POST /api/linepay/checkout");
    const confirmSpan = only(spans, "GET /api/linepay/confirm");
    expect(parentOf(checkoutSpan)).toBe(root.spanContext().spanId);
    expect(parentOf(confirmSpan)).toBe(root.spanContext().spanId);
    expect(checkoutSpan.attributes["http.response.status_code"]).toBe(200);

    const request = only(spans, "linepay requestPayment");
    const confirmCall = only(spans, "linepay confirmPayment");
    expect(descendsFrom(spans, request, checkoutSpan)).toBe(true);
    expect(descendsFrom(spans, confirmCall, confirmSpan)).toBe(true);
    expect(confirmCall.attributes).toMatchObject({
      "linepay.endpoint": "confirmPayment",
      "linepay.outcome": "SUCCESS",
      "linepay.return_code": "0000",
      "http.response.status_code": 200,
    });

    // Typed SQL (Kysely): transactions with their statements as children.
    const transactions = spans.filter((s) => s.name === "db.transaction");
    const system = dbProvider === "postgres" ? "postgresql" : "sqlite";
    expect(transactions.every((t) => t.attributes["db.system.name"] === system)).toBe(true);
    // Checkout writes with single statements (no transaction); the confirm moves money in transactions.
    const statements = spans.filter((s) => s.name === "db.query");
    expect(statements.some((q) => descendsFrom(spans, q, checkoutSpan))).toBe(true);
    const confirmTransactions = transactions.filter((t) => descendsFrom(spans, t, confirmSpan));
    expect(confirmTransactions.length).toBeGreaterThan(0);
    for (const transaction of confirmTransactions) {
      expect(transaction.attributes["db.transaction.outcome"]).toBe("commit");
      const inside = statements.filter((q) => parentOf(q) === transaction.spanContext().spanId);
      expect(inside.length, "statements inside the transaction").toBeGreaterThan(0);
      expect(inside.some((q) => q.attributes["db.operation.name"] === "UPDATE")).toBe(true);
    }
    expect(transactions.every((t) => descendsFrom(spans, t, root))).toBe(true);
    expect(statements.every((q) => descendsFrom(spans, q, root))).toBe(true);

    // The Prisma client's own calls (@prisma/instrumentation): each operation with its SQL.
    const operations = spans.filter((s) => s.name === "prisma:client:operation");
    expect(operations.some((o) => descendsFrom(spans, o, confirmSpan))).toBe(true);
    const prismaQueries = spans.filter((s) => s.name === "prisma:client:db_query");
    expect(prismaQueries.length).toBeGreaterThan(0);
    expect(prismaQueries.every((q) => descendsFrom(spans, q, root))).toBe(true);
    expect(
      prismaQueries.every((q) => operations.some((o) => descendsFrom(spans, q, o))),
      "every Prisma statement under its operation",
    ).toBe(true);
    // Statement text keeps its placeholders: the order's row id, bound in every statement that
    // writes the order, is in no attribute.
    expect(statements.every((q) => String(q.attributes["db.query.text"]).length > 0)).toBe(true);

    const everyAttribute = JSON.stringify(spans.map((s) => s.attributes));
    expect(everyAttribute).not.toContain(TEST_CHANNEL.channelSecret);
    expect(everyAttribute).not.toContain(shopper.email);
    expect(everyAttribute).not.toContain(orderRowId);
  });
});

function only(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  expect(
    found.map((s) => s.name),
    `exactly one "${name}" span`,
  ).toEqual([name]);
  return found[0]!;
}

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

function descendsFrom(spans: ReadableSpan[], span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  for (let at = parentOf(span); at; at = byId.get(at) && parentOf(byId.get(at)!)) {
    if (at === ancestor.spanContext().spanId) return true;
  }
  return false;
}

function dumpTree(spans: ReadableSpan[]): void {
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const s of spans) {
    const p = parentOf(s);
    children.set(p, [...(children.get(p) ?? []), s]);
  }
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const print = (s: ReadableSpan, depth: number) => {
    console.log(`${"  ".repeat(depth)}${s.name} ${JSON.stringify(s.attributes)}`);
    for (const c of children.get(s.spanContext().spanId) ?? []) print(c, depth + 1);
  };
  for (const s of spans.filter((s) => !parentOf(s) || !ids.has(parentOf(s)!))) print(s, 0);
}
