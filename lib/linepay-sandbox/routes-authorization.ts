// Capture and Void of capture=false authorizations (POST /v3/payments/authorizations/{id}/...).
import type { ApiCall, ApiDeps, ApiRoute } from "./api-router";
import { envelope, wireId, type Envelope } from "./json";
import type { TransactionRecord } from "./records";
import { describeTransaction, transactionLock } from "./routes-confirm";
import { captureBodySchema } from "./schemas";
import { isConfirmed } from "./state-machine";
import { checkCurrency, minorAmount, notFound, parseBody } from "./validation";
import { payInfo } from "./wire-info";

/** Why a confirmed transaction cannot be captured or voided, or undefined when it can. */
function notAnOpenAuthorization(
  tx: TransactionRecord,
  action: "capture" | "void",
): Envelope | undefined {
  switch (tx.state) {
    case "AUTHORIZED":
      return undefined;
    case "CAPTURED":
      // Captured at confirm: it never was an authorization (wrong type). Captured later: wrong state.
      if (tx.capture)
        return envelope(
          "1155",
          `Cannot ${action}: the transaction is a captured payment, not an authorization.`,
        );
      return action === "void"
        ? envelope(
            "1155",
            "Cannot void: the authorization has already been captured; refund it instead.",
          )
        : envelope("1179", "Cannot capture: the authorization has already been captured.");
    case "VOIDED":
      return action === "void"
        ? envelope("1165", "The authorization has already been voided.")
        : envelope("1179", "Cannot capture: the authorization has been voided.");
    default:
      return action === "void"
        ? envelope("1165", "The authorization has already expired.")
        : envelope("1179", "Cannot capture: the authorization has expired.");
  }
}

function capturePayment(call: ApiCall, { store }: ApiDeps): Envelope {
  const parsed = parseBody(captureBodySchema, call.body);
  if (!parsed.ok) return parsed.error;
  const tx = store.get(call.params.transactionId ?? "", call.channel.channelId);
  if (!tx || !isConfirmed(tx.state)) return notFound();
  const stateError = notAnOpenAuthorization(tx, "capture");
  if (stateError) return stateError;

  const currencyError = checkCurrency(parsed.value.currency, call.channel);
  if (currencyError) return currencyError;
  const amount = minorAmount(parsed.value.amount, tx.currency, "amount");
  if (!amount.ok) return amount.error;
  if (amount.value <= 0) return envelope("1183", "Capture amount must be greater than 0.");
  if (amount.value > tx.amountMinor)
    return envelope("1184", "Capture amount exceeds the authorized amount.");

  // Capturing less than authorized is allowed; the remainder is released.
  tx.capturedMinor = amount.value;
  store.transition(tx, "CAPTURED", "authorization captured");
  return envelope("0000", "Success.", {
    orderId: tx.orderId,
    transactionId: wireId(tx.transactionId),
    payInfo: payInfo(tx, amount.value),
  });
}

function voidAuthorization(call: ApiCall, { store }: ApiDeps): Envelope {
  const tx = store.get(call.params.transactionId ?? "", call.channel.channelId);
  if (!tx || !isConfirmed(tx.state)) return notFound();
  const stateError = notAnOpenAuthorization(tx, "void");
  if (stateError) return stateError;
  store.transition(tx, "VOIDED", "authorization voided");
  return envelope("0000", "OK");
}

export const authorizationRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: /^\/v3\/payments\/authorizations\/(?<transactionId>[^/]+)\/capture$/,
    endpoint: "capture",
    handle: capturePayment,
    lock: transactionLock,
    describe: describeTransaction,
  },
  {
    method: "POST",
    pattern: /^\/v3\/payments\/authorizations\/(?<transactionId>[^/]+)\/void$/,
    endpoint: "void",
    handle: voidAuthorization,
    lock: transactionLock,
    describe: describeTransaction,
  },
];
