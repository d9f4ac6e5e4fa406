// Refund (POST /v3/payments/{transactionId}/refund): partial with refundAmount, full without.
import type { ApiCall, ApiDeps, ApiRoute } from "./api-router";
import { envelope, wireId, type Envelope } from "./json";
import { describeTransaction, transactionLock } from "./routes-confirm";
import { refundBodySchema } from "./schemas";
import { isConfirmed } from "./state-machine";
import { minorAmount, notFound, parameterError, parseBody } from "./validation";
import { fromMinorUnits } from "./money";
import { lineDate, paidMinor, refundedMinor } from "./wire-info";

function refundPayment(call: ApiCall, { store }: ApiDeps): Envelope {
  const parsed = parseBody(refundBodySchema, call.body);
  if (!parsed.ok) return parsed.error;
  const tx = store.get(call.params.transactionId ?? "", call.channel.channelId);
  if (!tx || !isConfirmed(tx.state)) return notFound();
  if (tx.state !== "CAPTURED") {
    return envelope(
      "1155",
      "Refund is not possible for this transaction: it is an authorization, not a captured payment.",
    );
  }

  const paid = paidMinor(tx);
  const remaining = paid - refundedMinor(tx);
  if (remaining <= 0) return envelope("1165", "The transaction has already been refunded.");

  let amountMinor = remaining;
  if (parsed.value.refundAmount !== undefined) {
    const amount = minorAmount(parsed.value.refundAmount, tx.currency, "refundAmount");
    if (!amount.ok) return amount.error;
    // Refusing 0 surfaces the "0 means full refund" client bug instead of guessing what LINE does.
    if (amount.value <= 0)
      return parameterError("refundAmount: must be greater than 0 (omit it for a full refund)");
    if (amount.value > remaining) {
      return envelope(
        "1164",
        `Refund amount exceeds the refundable amount (${fromMinorUnits(remaining, tx.currency)}).`,
      );
    }
    amountMinor = amount.value;
  }

  const type =
    amountMinor === paid && tx.refunds.length === 0 ? "PAYMENT_REFUND" : "PARTIAL_REFUND";
  const refund = store.addRefund(tx, amountMinor, type);
  return envelope("0000", "Success.", {
    refundTransactionId: wireId(refund.refundTransactionId),
    refundTransactionDate: lineDate(refund.date),
  });
}

export const refundRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: /^\/v3\/payments\/(?<transactionId>[^/]+)\/refund$/,
    endpoint: "refund",
    handle: refundPayment,
    lock: transactionLock,
    describe: describeTransaction,
  },
];
