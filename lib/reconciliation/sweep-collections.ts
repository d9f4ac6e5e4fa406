// The SinoPac part of each reconciliation run that is not tied to one order's schedule: tokens
// recorded but never settled (the bank could not be asked when they came), and the payments of the
// last hours read in small OrderQuery windows (PayFlag Y), so a transfer whose five BackendURL
// deliveries were all lost is settled within a run rather than at its deadline; and declined card
// orders, asked once more after their card page closed. A window that hits
// the bank's 300-row cap is split in halves until it does not.
import { settleCollectionPayment } from "@/lib/checkout/settle-collection-payment";
import { settleCollectionToken } from "@/lib/checkout/settle-collection-token";
import { CARD_DECLINED, isDeclinedCardOrder } from "@/lib/checkout/decline-card-order";
import {
  hasOpenCollectionOrders,
  listDeclinedCardOrdersToRecheck,
  listUnsettledProviderTokens,
  markDeclinedCardOrderCleared,
} from "@/lib/db/collection-repository";
import { findOrderView } from "@/lib/db/order-repository";
import type { CollectionGateway, CollectionWindow } from "@/lib/payments/collection-gateway";
import { CARD_PAGE_GRACE_MS } from "./check-collection-order";
import type { ReconcileDeps } from "./check-open-order";

const SWEEP_BACK_MS = 2 * 60 * 60_000;
const SMALLEST_WINDOW_MS = 60_000;

export async function sweepCollections(
  deps: ReconcileDeps,
  actor: string,
): Promise<{ settled: number; errors: number }> {
  const gateway = deps.checkout.collections?.SINOPAC;
  const counts = { settled: 0, errors: 0 };
  if (!gateway) return counts;
  const settleDeps = { ...deps.checkout, collections: { SINOPAC: gateway } };

  for (const token of await listUnsettledProviderTokens(deps.checkout.db, {
    provider: "SINOPAC",
    limit: 100,
  })) {
    try {
      const result = await settleCollectionToken(settleDeps, { token, actor });
      if (result.kind === "paid") counts.settled++;
    } catch {
      counts.errors++; // still recorded; the next run tries again
    }
  }

  await recheckDeclinedCardOrders(deps, gateway, actor, counts);

  // Nothing waits for a payment: no lost notification can matter, so the bank is not asked.
  if (!(await hasOpenCollectionOrders(deps.checkout.db, "SINOPAC"))) return counts;
  const now = deps.checkout.now();
  const paid = await paidInWindow(
    gateway,
    { field: "paid", from: new Date(now.getTime() - SWEEP_BACK_MS), to: now, paidOnly: true },
    counts,
  );
  for (const entry of paid) {
    const order = await findOrderView(deps.checkout.db, entry.orderId);
    if (!order || order.provider !== "SINOPAC") continue;
    if (order.status !== "PENDING" && !isDeclinedCardOrder(order)) continue;
    if (entry.kind !== "paid" || order.transactionId !== entry.providerReference) continue;
    try {
      const result = await settleCollectionPayment(deps.checkout, order, entry, {
        actor,
        source: "OrderQuery window",
      });
      if (result.kind === "paid") counts.settled++;
    } catch {
      counts.errors++;
    }
  }
  return counts;
}

/**
 * A declined card order, once its card page has closed, is asked about by order number: a payment
 * the shopper made on that page after the decline is settled (however long the bank was
 * unreachable), and an order the bank shows unpaid needs no more checks.
 */
async function recheckDeclinedCardOrders(
  deps: ReconcileDeps,
  gateway: CollectionGateway,
  actor: string,
  counts: { settled: number; errors: number },
) {
  const { db, now } = deps.checkout;
  const orderIds = await listDeclinedCardOrdersToRecheck(db, {
    provider: "SINOPAC",
    failureCode: CARD_DECLINED,
    createdBefore: new Date(now().getTime() - CARD_PAGE_GRACE_MS),
    limit: 100,
  });
  for (const orderId of orderIds) {
    const order = await findOrderView(db, orderId);
    if (!order || !isDeclinedCardOrder(order)) continue;
    try {
      const state = await gateway.lookupOrder(orderId, { orderRowId: order.id });
      if (state.kind === "paid" && state.providerReference === order.transactionId) {
        const result = await settleCollectionPayment(deps.checkout, order, state, {
          actor,
          source: "OrderQuery after a decline",
        });
        if (result.kind === "paid") counts.settled++;
      } else if (state.kind !== "paid") await markDeclinedCardOrderCleared(db, order.id, now());
    } catch {
      counts.errors++; // asked again on the next run
    }
  }
}

type WindowEntry = Awaited<ReturnType<CollectionGateway["lookupWindow"]>>["orders"][number];

async function paidInWindow(
  gateway: CollectionGateway,
  window: CollectionWindow,
  counts: { errors: number },
): Promise<WindowEntry[]> {
  let result;
  try {
    result = await gateway.lookupWindow(window, {});
  } catch {
    counts.errors++;
    return [];
  }
  const span = window.to.getTime() - window.from.getTime();
  if (!result.mayBeTruncated || span <= SMALLEST_WINDOW_MS) {
    if (result.mayBeTruncated) counts.errors++; // 300 payments in one minute: per-order checks cover the rest
    return result.orders;
  }
  const middle = new Date(window.from.getTime() + Math.floor(span / 2));
  const [first, second] = await Promise.all([
    paidInWindow(gateway, { ...window, to: middle }, counts),
    paidInWindow(gateway, { ...window, from: new Date(middle.getTime() + 60_000) }, counts),
  ]);
  return [...first, ...second];
}
