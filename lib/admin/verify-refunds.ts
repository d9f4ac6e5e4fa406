// Settles refunds whose outcome we do not know (UNKNOWN, or PENDING long after LINE Pay's refund
// timeout) against LINE Pay's record of the payment: a refund LINE Pay lists and we have not
// counted yet is matched by amount, oldest first; one it does not list never happened — once it is
// old enough that LINE Pay cannot still be processing it (a late answer must not be booked as "no refund").
import type { Db } from "@/lib/db/client";
import type { OrderRecord } from "@/lib/db/order-repository";
import { listRefundsForOrder, settleRefund, type RefundRecord } from "@/lib/db/refund-repository";
import type { RefundGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";

/** A PENDING refund younger than this may still be waiting for LINE Pay's answer (20 s timeout). */
export const PENDING_REFUND_SETTLE_AFTER_MS = 2 * 60_000;

export interface VerifyRefundsResult {
  checked: number;
  succeeded: number;
  failed: number;
  /** Not listed by LINE Pay yet, but too recent to call "never made": checked again later. */
  waiting: number;
}

export async function verifyOrderRefunds(
  deps: { db: Db; payments: PaymentProviders<RefundGateway>; now: () => Date },
  order: Pick<OrderRecord, "id" | "transactionId" | "provider">,
  actor: { actor: string; actorLabel?: string },
): Promise<VerifyRefundsResult> {
  const refunds = await listRefundsForOrder(deps.db, order.id);
  const now = deps.now();
  const open = refunds.filter(
    (r) =>
      r.status === "UNKNOWN" ||
      (r.status === "PENDING" &&
        now.getTime() - r.createdAt.getTime() > PENDING_REFUND_SETTLE_AFTER_MS),
  );
  const result: VerifyRefundsResult = { checked: open.length, succeeded: 0, failed: 0, waiting: 0 };
  if (open.length === 0 || !order.transactionId) return result;

  const record = await deps.payments
    .gatewayFor(order.provider)
    .getPaymentRecord(order.transactionId, { orderRowId: order.id });
  const counted = new Set(
    refunds.filter((r) => r.status === "SUCCEEDED").map((r) => r.refundTransactionId),
  );
  const uncounted = (record?.refunds ?? []).filter((r) => !counted.has(r.refundTransactionId));
  for (const refund of open) {
    const index = uncounted.findIndex((r) => r.amountMinor === refund.amountMinor);
    const match = index >= 0 ? uncounted.splice(index, 1)[0] : undefined;
    if (!match && now.getTime() - refund.createdAt.getTime() <= PENDING_REFUND_SETTLE_AFTER_MS) {
      result.waiting++;
      continue;
    }
    await settle(deps, refund, match?.refundTransactionId ?? null, now, actor);
    if (match) result.succeeded++;
    else result.failed++;
  }
  return result;
}

async function settle(
  deps: { db: Db },
  refund: RefundRecord,
  refundTransactionId: string | null,
  now: Date,
  actor: { actor: string; actorLabel?: string },
): Promise<void> {
  await settleRefund(deps.db, {
    refundId: refund.id,
    settlement: refundTransactionId
      ? { kind: "succeeded", refundTransactionId }
      : {
          kind: "failed",
          code: null,
          message: "LINE Pay's payment details list no such refund: no money was returned.",
        },
    ...actor,
    now,
  });
}
