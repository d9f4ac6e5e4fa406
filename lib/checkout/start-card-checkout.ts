// Starts a card purchase of a VIP pass through SinoPac: a PENDING order is written first, then
// the bank's hosted card page is asked for and the shopper sent there.
import { attachPaymentRequest } from "@/lib/db/order-repository";
import {
  collectionProductName,
  collectionUrls,
  failCollectionStart,
  openCollectionOrder,
  type CollectionCheckoutDeps,
} from "./collection-order";

export type { CollectionCheckoutDeps } from "./collection-order";

export async function startCardCheckout(
  deps: CollectionCheckoutDeps,
  input: { userId: string; planCode: string },
): Promise<{ orderId: string; redirectUrl: string }> {
  const { gateway, order, planName } = await openCollectionOrder(deps, {
    ...input,
    what: "Card payment",
  });
  try {
    const card = await gateway.startCardPayment(
      {
        orderId: order.orderId,
        amountMinor: order.amountMinor,
        currency: order.currency,
        productName: collectionProductName(planName),
        ...collectionUrls(deps.appBaseUrl),
      },
      { orderRowId: order.id },
    );
    await attachPaymentRequest(deps.db, order.id, {
      transactionId: card.providerReference,
      paymentUrl: card.paymentUrl,
      paymentUrlApp: null,
    });
    return { orderId: order.orderId, redirectUrl: card.paymentUrl };
  } catch (error) {
    return failCollectionStart(
      deps,
      order,
      error,
      "The card payment page could not be opened. Nothing was charged.",
      "sinopac.card_page_failed",
    );
  }
}
