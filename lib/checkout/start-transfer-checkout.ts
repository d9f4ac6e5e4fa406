// Starts an ATM transfer purchase of a VIP pass through SinoPac: a PENDING order, then a virtual
// account for exactly this order's amount, open until the bank's deadline. The order is paid when
// SinoPac reports the transfer (BackendURL, or the reconciliation job), and expires after it.
import { attachTransfer } from "@/lib/db/collection-repository";
import {
  collectionProductName,
  collectionUrls,
  failCollectionStart,
  openCollectionOrder,
  type CollectionCheckoutDeps,
} from "./collection-order";

/** How long a shopper has to transfer: the bank keeps the account open to 23:59 that day. */
export const TRANSFER_DAYS = 3;

export async function startTransferCheckout(
  deps: CollectionCheckoutDeps,
  input: { userId: string; planCode: string },
): Promise<{ orderId: string }> {
  const { gateway, order, planName } = await openCollectionOrder(deps, {
    ...input,
    what: "Bank transfer",
  });
  try {
    const transfer = await gateway.startTransfer(
      {
        orderId: order.orderId,
        amountMinor: order.amountMinor,
        currency: order.currency,
        productName: collectionProductName(planName),
        ...collectionUrls(deps.appBaseUrl),
        payBy: new Date(deps.now().getTime() + TRANSFER_DAYS * 86_400_000),
      },
      { orderRowId: order.id },
    );
    await attachTransfer(
      deps.db,
      order.id,
      {
        transactionId: transfer.providerReference,
        providerAccount: transfer.virtualAccount,
        payBy: transfer.payBy,
      },
      deps.now(),
    );
    return { orderId: order.orderId };
  } catch (error) {
    return failCollectionStart(
      deps,
      order,
      error,
      "The bank transfer account could not be opened. Nothing was charged.",
      "sinopac.transfer_account_failed",
    );
  }
}
