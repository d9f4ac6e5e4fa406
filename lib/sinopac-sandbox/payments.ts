// Payment events: a card attempt on the hosted page or an ATM transfer. Each one mints a PayToken
// (the only thing SinoPac hands the merchant) and, when the order has a BackendURL, a delivery.
import { randomBytes } from "node:crypto";
import type { SandboxContext } from "./context";
import type { PayResultRecord, SandboxOrder } from "./store";

function mintToken(
  ctx: SandboxContext,
  order: SandboxOrder,
  status: "S" | "F",
  description: string,
): PayResultRecord {
  const record: PayResultRecord = {
    payToken: randomBytes(32).toString("hex"),
    shopNo: order.shopNo,
    orderNo: order.orderNo,
    status,
    description,
    at: ctx.clock.now(),
  };
  ctx.store.payResults.set(record.payToken, record);
  return record;
}

function queueDelivery(ctx: SandboxContext, order: SandboxOrder, payToken: string) {
  if (!order.backendUrl) return;
  ctx.store.addDelivery({
    shopNo: order.shopNo,
    orderNo: order.orderNo,
    payToken,
    url: order.backendUrl,
    nextAt: ctx.clock.now(),
  });
}

export type CardAttempt = { ok: true; token: PayResultRecord } | { ok: false; reason: string };

export function payByCard(ctx: SandboxContext, order: SandboxOrder, pan: string): CardAttempt {
  const now = ctx.clock.now();
  if (order.paidAt) return { ok: false, reason: "already paid" };
  if (now > order.expiresAt) return { ok: false, reason: "the payment link has expired" };
  const digits = pan.replace(/\D/g, "");
  if (!ctx.config.approvedCards.includes(digits)) {
    order.declinedAttempts += 1;
    return { ok: true, token: mintToken(ctx, order, "F", "E9201 – 授權失敗") };
  }
  order.paidAt = now;
  order.cardLast4 = digits.slice(-4);
  const token = mintToken(ctx, order, "S", "");
  if (ctx.config.notifyBackendForCards) queueDelivery(ctx, order, token.payToken);
  ctx.config.log(`card paid ${order.orderNo}`);
  return { ok: true, token };
}

/** An ATM transfer into the order's virtual account (control API or the auto-pay schedule). */
export function payByTransfer(ctx: SandboxContext, order: SandboxOrder): string | undefined {
  if (order.payType !== "A") return "not an ATM order";
  if (order.paidAt) return "already paid";
  if (ctx.clock.now() > order.expiresAt) return "the account has expired";
  order.paidAt = ctx.clock.now();
  const token = mintToken(ctx, order, "S", "");
  queueDelivery(ctx, order, token.payToken);
  ctx.config.log(`ATM paid ${order.orderNo}`);
  return undefined;
}

/** Sandbox behaviour: accounts pay themselves after a delay unless the order number ends in 9. */
export function runAutoPay(ctx: SandboxContext) {
  const after = ctx.config.atmAutoPayAfterMs;
  if (after === null) return;
  const now = ctx.clock.now().getTime();
  for (const order of ctx.store.orders.values()) {
    if (order.payType !== "A" || order.paidAt || order.atmMode === "never") continue;
    if (order.createdAt.getTime() + after <= now) payByTransfer(ctx, order);
  }
}
