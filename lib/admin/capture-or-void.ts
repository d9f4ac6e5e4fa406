// Capture or void an authorization (orders of manual-capture plans) from the back office. The
// order only moves when LINE Pay says yes; a lost answer leaves it AUTHORIZED for "verify with
// LINE Pay", and a second click finds the order already moved (LINE Pay refuses a second capture).
import { PaymentGatewayError, type AuthorizationGateway } from "@/lib/payments/payment-gateway";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { payOrder } from "@/lib/checkout/pay-order";
import type { Db } from "@/lib/db/client";
import {
  findOrderView,
  OrderStateConflictError,
  transitionOrder,
  type OrderRecord,
} from "@/lib/db/order-repository";
import { statusReason } from "@/lib/billing/status-reason";

export interface AuthorizationDeps {
  db: Db;
  payments: PaymentProviders<AuthorizationGateway>;
  fulfilment: OrderFulfilment;
  now: () => Date;
}

export type AuthorizationResult =
  | { kind: "done"; order: OrderRecord }
  | { kind: "not_authorized"; status: OrderRecord["status"] }
  | { kind: "refused"; code: string | null; message: string }
  | { kind: "unknown"; message: string }
  | { kind: "not_found" };

interface Who {
  actor: string;
  actorLabel: string;
  reason: string;
}

export async function captureAuthorization(
  deps: AuthorizationDeps,
  merchantOrderId: string,
  who: Who,
): Promise<AuthorizationResult> {
  const order = await findOrderView(deps.db, merchantOrderId);
  if (!order) return { kind: "not_found" };
  if (order.status !== "AUTHORIZED" || !order.transactionId)
    return { kind: "not_authorized", status: order.status };
  try {
    await deps.payments
      .gatewayFor(order.provider)
      .capturePayment(
        order.transactionId,
        { amountMinor: order.amountMinor, currency: order.currency },
        { orderRowId: order.id },
      );
  } catch (error) {
    return failure(error);
  }
  const now = deps.now();
  try {
    const paid = await payOrder(deps, order, {
      from: "AUTHORIZED",
      actor: who.actor,
      actorLabel: who.actorLabel,
      reason: statusReason("admin.captured", { note: who.reason }),
      now,
      regKey: null,
    });
    return { kind: "done", order: paid };
  } catch (error) {
    if (error instanceof OrderStateConflictError)
      return {
        kind: "not_authorized",
        status: (await findOrderView(deps.db, merchantOrderId))?.status ?? order.status,
      };
    throw error;
  }
}

export async function voidAuthorization(
  deps: AuthorizationDeps,
  merchantOrderId: string,
  who: Who,
): Promise<AuthorizationResult> {
  const order = await findOrderView(deps.db, merchantOrderId);
  if (!order) return { kind: "not_found" };
  if (order.status !== "AUTHORIZED" || !order.transactionId)
    return { kind: "not_authorized", status: order.status };
  try {
    await deps.payments
      .gatewayFor(order.provider)
      .voidPayment(order.transactionId, { orderRowId: order.id });
  } catch (error) {
    return failure(error);
  }
  try {
    const voided = await transitionOrder(deps.db, {
      at: deps.now(),
      id: order.id,
      from: "AUTHORIZED",
      to: "VOIDED",
      actor: who.actor,
      actorLabel: who.actorLabel,
      reason: statusReason("admin.voided", { note: who.reason }),
    });
    return { kind: "done", order: voided };
  } catch (error) {
    if (error instanceof OrderStateConflictError)
      return {
        kind: "not_authorized",
        status: (await findOrderView(deps.db, merchantOrderId))?.status ?? order.status,
      };
    throw error;
  }
}

function failure(error: unknown): AuthorizationResult {
  if (error instanceof PaymentGatewayError && error.outcome === "definitive")
    return { kind: "refused", code: error.code, message: error.message };
  return { kind: "unknown", message: error instanceof Error ? error.message : String(error) };
}
