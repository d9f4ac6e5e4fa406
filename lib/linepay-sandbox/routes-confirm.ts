// Confirm (POST /v3/payments/{transactionId}/confirm): the only call after which money has moved.
import type { ApiCall, ApiDeps, ApiRoute } from "./api-router";
import { envelope, wireId, type Envelope } from "./json";
import { confirmBodySchema } from "./schemas";
import { checkCurrency, minorAmount, notFound, parseBody } from "./validation";
import { lineDate, packagesInfo, payInfo } from "./wire-info";

function confirmPayment(call: ApiCall, { store }: ApiDeps): Envelope {
  const parsed = parseBody(confirmBodySchema, call.body);
  if (!parsed.ok) return parsed.error;
  const tx = store.get(call.params.transactionId ?? "", call.channel.channelId);
  if (!tx) return notFound();

  switch (tx.state) {
    case "RESERVED":
      // The real sandbox kills the reservation when confirm comes before the user approved.
      store.transition(tx, "FAILED", "confirm called before the user approved");
      return envelope(
        "1169",
        "Payment has not been authenticated by the user yet; the reservation is now failed.",
      );
    case "CANCELLED":
    case "FAILED":
      return envelope(
        "1180",
        `Payment time expired or the payment was ${tx.state === "FAILED" ? "failed" : "cancelled"}.`,
      );
    case "AUTHORIZED":
    case "CAPTURED":
    case "VOIDED":
    case "EXPIRED":
      return envelope("1172", "Existing same orderId: this transaction is already confirmed.");
    case "AUTHENTICATED":
      break;
  }

  const currencyError = checkCurrency(parsed.value.currency, call.channel);
  if (currencyError) return currencyError;
  const amount = minorAmount(parsed.value.amount, tx.currency, "amount");
  if (!amount.ok) return amount.error;
  if (amount.value !== tx.amountMinor) {
    return envelope("1153", "The amount differs from the requested amount.");
  }

  if (tx.capture) {
    tx.capturedMinor = amount.value;
    store.transition(tx, "CAPTURED", "confirmed (capture=true)");
  } else {
    store.transition(tx, "AUTHORIZED", "confirmed (capture=false)");
  }
  const regKey = tx.payType === "PREAPPROVED" ? store.issueRegKey(tx).regKey : undefined;
  return envelope("0000", "Success.", {
    orderId: tx.orderId,
    transactionId: wireId(tx.transactionId),
    ...(tx.authorizationExpireDate
      ? { authorizationExpireDate: lineDate(tx.authorizationExpireDate) }
      : {}),
    ...(regKey ? { regKey } : {}),
    payInfo: payInfo(tx, amount.value, true),
    packages: packagesInfo(tx),
  });
}

/** Money-moving calls on one transaction must not overlap: the second gets 1198. */
export function transactionLock(call: ApiCall) {
  const id = call.params.transactionId;
  if (!id) return undefined;
  return {
    key: `transaction:${id}`,
    busy: envelope(
      "1198",
      "Duplicate API call: a request for this transaction is still being processed.",
    ),
  };
}

export function describeTransaction(call: ApiCall, { store }: ApiDeps) {
  return { orderId: store.get(call.params.transactionId ?? "", call.channel.channelId)?.orderId };
}

export const confirmRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: /^\/v3\/payments\/(?<transactionId>[^/]+)\/confirm$/,
    endpoint: "confirm",
    handle: confirmPayment,
    lock: transactionLock,
    describe: describeTransaction,
  },
];
