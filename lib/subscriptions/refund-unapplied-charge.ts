// Gives back a charge that bought nothing: a re-approval confirmed after the subscription stopped
// waiting for it, or a renewal LINE Pay charged after the subscription ended. The order is already
// PAID (failureCode CHARGE_NOT_APPLIED, nothing granted); here the full amount is refunded through
// the provider's refund port, reserved first like every refund, and a regKey issued with the charge
// is expired at once so no live authorization is left that we do not store.
import type { PaymentGateway, RefundGateway } from "@/lib/payments/payment-gateway";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { SealedRegKeyFields } from "@/lib/billing/order-purchase";
import type { Db } from "@/lib/db/client";
import { reserveRefund, settleRefund } from "@/lib/db/refund-repository";
import { findUnrefundedUnappliedCharges, OrderStateConflictError } from "@/lib/db/order-repository";
import type { RegKeyVault } from "./regkey-vault";
import { statusReason } from "@/lib/billing/status-reason";
import type { StatusReason } from "@/lib/billing/status-reason";
import { englishReason } from "@/lib/i18n/status-reason-text";

const ACTOR = "system:auto-refund";

export interface UnappliedCharge {
  merchantOrderId: string;
  amountMinor: number;
  subscriptionId: string;
  provider: string;
  regKey: SealedRegKeyFields | null;
  reason: StatusReason;
}

export async function refundUnappliedCharge(
  deps: {
    db: Db;
    vault: RegKeyVault;
    payments: PaymentProviders<Pick<PaymentGateway, "expireRegKey"> & RefundGateway>;
    now: () => Date;
  },
  charge: UnappliedCharge,
): Promise<void> {
  const gateway = deps.payments.gatewayFor(charge.provider);
  if (charge.regKey) {
    const regKey = deps.vault.open(charge.subscriptionId, charge.regKey.regKeyCiphertext);
    await gateway.expireRegKey(regKey, { subscriptionId: charge.subscriptionId }).catch(() => {
      // Best effort: a regKey that is never stored can never be charged by us.
    });
  }
  let reserved;
  try {
    reserved = await reserveRefund(deps.db, {
      merchantOrderId: charge.merchantOrderId,
      amountMinor: charge.amountMinor,
      reason: englishReason(charge.reason),
      automaticReason: charge.reason,
      // One automatic refund per order, however often (or however many processes at once) this runs.
      idempotencyKey: `auto-refund-${charge.merchantOrderId}`,
      actor: ACTOR,
      actorLabel: "Automatic refund",
    });
  } catch (error) {
    // Another process reserved it first (unique key, or the order changed under us): theirs goes on.
    if (isConflict(error)) return;
    throw error;
  }
  if (reserved.kind !== "reserved") return;
  const { refund, order } = reserved;
  const settle = (settlement: Parameters<typeof settleRefund>[1]["settlement"]) =>
    settleRefund(deps.db, { refundId: refund.id, settlement, actor: ACTOR, now: deps.now() });
  try {
    const answer = await gateway.refundPayment(
      order.transactionId ?? "",
      { amountMinor: refund.amountMinor, currency: refund.currency },
      { orderRowId: order.id },
    );
    await settle({ kind: "succeeded", refundTransactionId: answer.refundTransactionId });
  } catch (error) {
    const code = error instanceof PaymentGatewayError ? error.code : null;
    const message = error instanceof Error ? error.message : String(error);
    // A definitive refusal is left for a human (the order stays PAID with CHARGE_NOT_APPLIED); a
    // lost answer stays reserved and the reconciliation job verifies it with the refund list.
    const definitive = error instanceof PaymentGatewayError && error.outcome === "definitive";
    await settle(
      definitive
        ? { kind: "failed", code, message: `LINE Pay refused the automatic refund: ${message}` }
        : { kind: "unknown", code, message: `Automatic refund outcome unknown: ${message}` },
    );
  }
}

/**
 * Reconciliation: refunds every charge recorded as buying nothing whose refund was never started
 * (the process stopped in between). A regKey issued with such a charge was never stored, so it
 * cannot be expired here; LINE Pay's own lifetime ends it and nothing of ours can charge it.
 */
export async function refundLeftUnappliedCharges(
  deps: Parameters<typeof refundUnappliedCharge>[0],
): Promise<number> {
  const left = await findUnrefundedUnappliedCharges(deps.db);
  for (const order of left) {
    await refundUnappliedCharge(deps, {
      merchantOrderId: order.orderId,
      amountMinor: order.amountMinor,
      subscriptionId: order.subscriptionId ?? "",
      provider: order.provider,
      regKey: null,
      reason: statusReason("subscription.unapplied_refunded"),
    });
  }
  return left.length;
}

function isConflict(error: unknown): boolean {
  if (error instanceof OrderStateConflictError) return true;
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002"
  );
}
