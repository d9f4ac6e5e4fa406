// /__sandbox/*: the test and demo control API (clock, ATM transfers, lost notifications, faults,
// the ledger). Never part of SinoPac's API; disabled with controlApi: false.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import { parseFaultRule } from "./faults";
import { parseJsonObject, readBody, sendJson } from "./http-io";
import { runDueDeliveries } from "./notifier";
import { payByCard, payByTransfer, runAutoPay } from "./payments";
import type { SandboxOrder } from "./store";

export async function tick(ctx: SandboxContext): Promise<void> {
  runAutoPay(ctx);
  await runDueDeliveries(ctx);
}

function summary(ctx: SandboxContext, o: SandboxOrder) {
  const now = ctx.clock.now();
  return {
    shopNo: o.shopNo,
    orderNo: o.orderNo,
    tsNo: o.tsNo,
    payType: o.payType,
    amountTwd: o.amount / 100,
    state: o.paidAt ? "paid" : now > o.expiresAt ? "expired" : "awaiting",
    paidAt: o.paidAt?.toISOString() ?? null,
    expiresAt: o.expiresAt.toISOString(),
    atmPayNo: o.atmPayNo ?? null,
    atmMode: o.atmMode,
    declinedAttempts: o.declinedAttempts,
  };
}

function findOrder(ctx: SandboxContext, body: Record<string, unknown>): SandboxOrder | undefined {
  const orderNo = body.orderNo;
  return [...ctx.store.orders.values()].find(
    (o) => o.orderNo === orderNo && (body.shopNo === undefined || o.shopNo === body.shopNo),
  );
}

export async function handleControl(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const body = req.method === "POST" ? (parseJsonObject((await readBody(req)) || "{}") ?? {}) : {};
  const bad = (message: string, status = 400) => sendJson(res, status, { error: message });
  const route = `${req.method ?? "GET"} ${path}`;
  switch (route) {
    case "GET /__sandbox/state":
      return sendJson(res, 200, {
        now: ctx.clock.now().toISOString(),
        backendBlocked: ctx.backendBlocked.value,
        orders: [...ctx.store.orders.values()].map((o) => summary(ctx, o)),
        deliveries: ctx.store.deliveries.map((d) => ({
          ...d,
          payToken: `${d.payToken.slice(0, 6)}…`,
          nextAt: d.nextAt?.toISOString() ?? null,
        })),
        faults: ctx.faults.list(),
      });
    case "POST /__sandbox/clock": {
      if (typeof body.advanceMs === "number" && body.advanceMs >= 0)
        ctx.clock.advance(body.advanceMs);
      else if (typeof body.setNow === "string" && !Number.isNaN(Date.parse(body.setNow)))
        ctx.clock.setNow(new Date(body.setNow));
      else if (body.reset === true) ctx.clock.resetOffset();
      else return bad("give advanceMs (≥ 0), setNow (ISO time) or reset: true");
      await tick(ctx);
      return sendJson(res, 200, { now: ctx.clock.now().toISOString() });
    }
    case "POST /__sandbox/tick":
      await tick(ctx);
      return sendJson(res, 200, { now: ctx.clock.now().toISOString() });
    case "POST /__sandbox/atm/pay": {
      const order = findOrder(ctx, body);
      if (!order) return bad("no such order", 404);
      const problem = payByTransfer(ctx, order);
      if (problem) return bad(problem, 409);
      await tick(ctx);
      return sendJson(res, 200, summary(ctx, order));
    }
    case "POST /__sandbox/atm/hold": {
      const order = findOrder(ctx, body);
      if (!order) return bad("no such order", 404);
      order.atmMode = "never";
      return sendJson(res, 200, summary(ctx, order));
    }
    case "POST /__sandbox/card/pay": {
      // A card paid on the hosted page whose browser never came back (closed tab).
      const order = findOrder(ctx, body);
      if (!order || order.payType !== "C") return bad("no such card order", 404);
      const attempt = payByCard(
        ctx,
        order,
        typeof body.pan === "string" ? body.pan : (ctx.config.approvedCards[0] ?? ""),
      );
      if (!attempt.ok) return bad(attempt.reason, 409);
      await tick(ctx);
      return sendJson(res, 200, {
        ...summary(ctx, order),
        payToken: attempt.token.payToken,
        status: attempt.token.status,
      });
    }
    case "POST /__sandbox/backend":
      if (typeof body.blocked !== "boolean") return bad("give blocked: true|false");
      ctx.backendBlocked.value = body.blocked;
      return sendJson(res, 200, { backendBlocked: body.blocked });
    case "POST /__sandbox/faults": {
      const rule = parseFaultRule(body);
      if (typeof rule === "string") return bad(rule);
      ctx.faults.add(rule);
      return sendJson(res, 200, { faults: ctx.faults.list() });
    }
    case "DELETE /__sandbox/faults":
      ctx.faults.clear();
      return sendJson(res, 200, { faults: [] });
    case "POST /__sandbox/reset":
      ctx.store.reset();
      ctx.nonces.clear();
      ctx.faults.clear();
      ctx.clock.resetOffset();
      ctx.backendBlocked.value = false;
      return sendJson(res, 200, { reset: true });
    default:
      return bad(`unknown control route ${route}`, 404);
  }
}
