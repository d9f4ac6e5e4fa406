// Settles an order from a token the bank handed back (the browser's ReturnURL form or the bank's
// BackendURL call). The token's request proves nothing: only the bank's answer to our own query
// decides, and it names the order itself. A forged or replayed token therefore changes nothing:
// unknown to the bank, another shop's, another order's reference, or an order already settled.
import { findOrderView, type OrderRecord } from "@/lib/db/order-repository";
import type { Db } from "@/lib/db/client";
import { markProviderTokenSettled, recordProviderToken } from "@/lib/db/collection-repository";
import type { CollectionGateway } from "@/lib/payments/collection-gateway";
import type { OrderFulfilment } from "@/lib/payments/order-fulfilment";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import { declineCardOrder } from "./decline-card-order";
import { settleCollectionPayment } from "./settle-collection-payment";

export interface SettleTokenDeps {
  db: Db;
  collections: { SINOPAC?: CollectionGateway };
  fulfilment: OrderFulfilment;
  now: () => Date;
}

export type TokenSettlement =
  | { kind: "not_ours" }
  | { kind: "paid" | "declined" | "unchanged" | "needs_attention"; order: OrderRecord };

/** Settles the token and marks it handled (left unhandled only when the bank could not answer). */
export async function settleCollectionToken(
  deps: SettleTokenDeps,
  input: { token: string; actor: string },
): Promise<TokenSettlement> {
  const settlement = await settleToken(deps, input);
  await markProviderTokenSettled(deps.db, {
    provider: "SINOPAC",
    token: input.token,
    at: deps.now(),
    outcome: settlement.kind,
    orderRowId: settlement.kind === "not_ours" ? null : settlement.order.id,
  });
  return settlement;
}

/**
 * A token from the bank's server (BackendURL). It is recorded first, durably: only then may the
 * caller acknowledge it. Settling is attempted at once; if the bank cannot be asked now, the token
 * stays recorded and unsettled for the reconciliation job, and the acknowledgement still stands.
 */
export async function receiveCollectionNotification(
  deps: SettleTokenDeps,
  input: { token: string; actor: string },
): Promise<TokenSettlement | { kind: "recorded" }> {
  await recordProviderToken(deps.db, {
    provider: "SINOPAC",
    token: input.token,
    source: "NOTIFY",
    at: deps.now(),
  });
  try {
    return await settleCollectionToken(deps, input);
  } catch {
    return { kind: "recorded" };
  }
}

/** A token from the shopper's browser (ReturnURL): recorded, then settled (errors propagate). */
export async function receiveCollectionReturn(
  deps: SettleTokenDeps,
  input: { token: string; actor: string },
): Promise<TokenSettlement> {
  await recordProviderToken(deps.db, {
    provider: "SINOPAC",
    token: input.token,
    source: "RETURN",
    at: deps.now(),
  });
  return settleCollectionToken(deps, input);
}

async function settleToken(
  deps: SettleTokenDeps,
  input: { token: string; actor: string },
): Promise<TokenSettlement> {
  const gateway = deps.collections.SINOPAC;
  if (!gateway) return { kind: "not_ours" };
  let result;
  try {
    result = await gateway.readToken(input.token, {});
  } catch (error) {
    // The bank answered that it does not know the token (a refusal with its code): a forgery or
    // another shop's. A call that never reached the bank, or an unknown outcome, is rethrown: the
    // token stays recorded for the reconciliation job.
    if (error instanceof PaymentGatewayError && error.outcome === "definitive" && error.code)
      return { kind: "not_ours" };
    throw error;
  }
  const order = await findOrderView(deps.db, result.orderId);
  if (!order || order.provider !== "SINOPAC" || order.transactionId !== result.providerReference)
    return { kind: "not_ours" };
  if (result.outcome === "declined") {
    // Declined: nothing charged, and a card order ends FAILED at once.
    const declined = await declineCardOrder(deps, order, { actor: input.actor });
    return { kind: declined.changed ? "declined" : "unchanged", order: declined.order };
  }
  // Neither paid nor definitively declined: the order waits for the reconciliation job.
  if (result.outcome === "unknown") return { kind: "unchanged", order };
  return settleCollectionPayment(deps, order, result, {
    actor: input.actor,
    source: "OrderPayQuery",
  });
}
