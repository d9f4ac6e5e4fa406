// Refund all or part of a paid order from the back office. Safe to click twice: the form's
// idempotency key finds the first refund instead of sending a second one, and the amount is
// reserved on the order before LINE Pay is called so two different refunds can never together
// exceed what was paid. A SinoPac refund is never sent: the merchant makes it in SinoPac's merchant
// portal and the admin records it here (recordManualRefund), with the same reservation rules.
import { PaymentGatewayError, type RefundGateway } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import type { Db } from "@/lib/db/client";
import { findOrderByMerchantOrderId, OrderStateConflictError } from "@/lib/db/order-repository";
import {
  findRefundByIdempotencyKey,
  reserveRefund,
  settleRefund,
  type RefundRecord,
  type ReserveRefundInput,
} from "@/lib/db/refund-repository";
import type { RefundRefusal } from "@/lib/billing/refund-policy";

export interface RefundDeps {
  db: Db;
  payments: PaymentProviders<RefundGateway>;
  now: () => Date;
}

export type RefundOrderResult =
  /** LINE Pay answered; the refund is SUCCEEDED or FAILED (with LINE Pay's reason). */
  | { kind: "settled"; refund: RefundRecord }
  /** LINE Pay's answer was lost: the amount stays reserved until "verify with LINE Pay" settles it. */
  | { kind: "unknown"; refund: RefundRecord }
  /** Recorded by hand (made in the provider's portal, nothing sent): SUCCEEDED at once. */
  | { kind: "recorded"; refund: RefundRecord }
  /** The same form was submitted before: nothing new was sent to LINE Pay. */
  | { kind: "replayed"; refund: RefundRecord }
  | { kind: "refused"; refusal: RefundRefusal };

const RESERVE_ATTEMPTS = 3;

/**
 * Providers the shop never sends refunds to. SinoPac: the card maintenance service (OrderMaintain,
 * Command R) is known from one sample only (UNCONFIRMED in the wire notes) and ATM transfers have
 * no refund call at all, so nothing is sent and nothing is pretended; the refund is made in
 * SinoPac's merchant portal,
 * then recorded here.
 */
const MANUAL_REFUND_PROVIDERS = new Set(["SINOPAC"]);

export const isManualRefundProvider = (provider: string) => MANUAL_REFUND_PROVIDERS.has(provider);

/** What the admin confirms for a refund made by hand in the provider's portal. */
export interface ManualRefundInput extends ReserveRefundInput {
  portalReference: string | null;
}

/**
 * Records a refund the admin made in the provider's portal: nothing is sent anywhere. Reserved and
 * settled SUCCEEDED exactly like a provider refund (same idempotency key and over-refund rules),
 * so the order, VIP time and the refund receipt follow. An order of a provider that takes refunds
 * (LINE Pay) is refunded through it instead: a hand-made record never replaces a real refund.
 */
export async function recordManualRefund(
  deps: RefundDeps,
  input: ManualRefundInput,
): Promise<RefundOrderResult> {
  const target = await findOrderByMerchantOrderId(deps.db, input.merchantOrderId);
  if (!target || !isManualRefundProvider(target.provider)) return refundOrder(deps, input);
  const { portalReference, ...reserve } = input;
  const reserved = await reserveWithRetry(deps.db, { ...reserve, manual: { portalReference } });
  if (reserved.kind === "refused") return reserved;
  // A first submit that stopped between the two steps left the refund PENDING: the admin's
  // confirmation still stands, so the replay finishes it.
  const pendingRecord =
    reserved.kind === "existing" &&
    reserved.refund.recordedManually &&
    reserved.refund.status === "PENDING";
  if (reserved.kind === "existing" && !pendingRecord)
    return { kind: "replayed", refund: reserved.refund };
  const kind = pendingRecord ? "replayed" : "recorded";
  try {
    const refund = await settleRefund(deps.db, {
      refundId: reserved.refund.id,
      settlement: { kind: "succeeded", refundTransactionId: null },
      actor: input.actor,
      actorLabel: input.actorLabel,
      now: deps.now(),
    });
    return { kind, refund };
  } catch (error) {
    // The first submit and a replay racing it: whichever settled second rolled back, so the
    // refund was settled once, by the other.
    if (!(error instanceof OrderStateConflictError)) throw error;
    const refund = await findRefundByIdempotencyKey(deps.db, input.idempotencyKey);
    return { kind, refund: refund ?? reserved.refund };
  }
}

export async function refundOrder(
  deps: RefundDeps,
  input: ReserveRefundInput,
): Promise<RefundOrderResult> {
  const target = await findOrderByMerchantOrderId(deps.db, input.merchantOrderId);
  if (target && isManualRefundProvider(target.provider))
    return {
      kind: "refused",
      refusal: {
        code: "PROVIDER_MANUAL",
        message:
          "SinoPac payments are refunded in SinoPac's merchant portal, then recorded here; nothing was sent.",
      },
    };
  const reserved = await reserveWithRetry(deps.db, input);
  if (reserved.kind === "refused") return reserved;
  if (reserved.kind === "existing") return { kind: "replayed", refund: reserved.refund };

  const { refund, order } = reserved;
  const settle = (settlement: Parameters<typeof settleRefund>[1]["settlement"]) =>
    settleRefund(deps.db, {
      refundId: refund.id,
      settlement,
      actor: input.actor,
      actorLabel: input.actorLabel,
      now: deps.now(),
    });
  try {
    // A PAID order always has a transactionId (set when LINE Pay accepted the request).
    const answer = await deps.payments
      .gatewayFor(order.provider)
      .refundPayment(
        order.transactionId!,
        { amountMinor: refund.amountMinor, currency: refund.currency },
        { orderRowId: order.id },
      );
    return {
      kind: "settled",
      refund: await settle({ kind: "succeeded", refundTransactionId: answer.refundTransactionId }),
    };
  } catch (error) {
    if (error instanceof PaymentGatewayError && error.outcome === "definitive") {
      return {
        kind: "settled",
        refund: await settle({
          kind: "failed",
          code: error.code,
          message: `LINE Pay refused the refund: ${error.message}`,
        }),
      };
    }
    // Unknown includes 1164/1165 ("exceeds refundable", "already refunded"). A plain over-refund
    // never gets here (reserveRefund refuses it), so LINE Pay holds a refund we do not count yet,
    // perhaps this very one from a call whose answer was lost. Its refund list decides
    // (verify-refunds.ts): listed → SUCCEEDED, never listed → FAILED and the reservation released.
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof PaymentGatewayError ? error.code : null;
    const why = code
      ? `LINE Pay answered ${code}, so it may already hold this refund`
      : `No answer from LINE Pay (${message})`;
    return {
      kind: "unknown",
      refund: await settle({
        kind: "unknown",
        code,
        message: `${why}; verify before refunding again.`,
      }),
    };
  }
}

async function reserveWithRetry(db: Db, input: ReserveRefundInput) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await reserveRefund(db, input);
    } catch (error) {
      // A concurrent submit of the same form won the insert: answer with its refund.
      const existing = isUniqueViolation(error)
        ? await findRefundByIdempotencyKey(db, input.idempotencyKey)
        : null;
      if (existing) return { kind: "existing" as const, refund: existing };
      if (!(error instanceof OrderStateConflictError) || attempt >= RESERVE_ATTEMPTS) throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002"
  );
}
