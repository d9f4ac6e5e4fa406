// Payment Details (GET /v3/payments?transactionId=..&orderId=..): repeated keys, max 100 ids.
// Only confirmed payments are listed; a refund id returns the refund with originalTransactionId.
import type { ApiCall, ApiDeps, ApiRoute } from "./api-router";
import { envelope, type Envelope } from "./json";
import { isConfirmed } from "./state-machine";
import { notFound, parameterError } from "./validation";
import { paymentDetailsEntry, refundDetailsEntry } from "./wire-info";

const MAX_IDS = 100;

/** The ids a call asks for, also what faults can match on (a rule matches if any id is its id). */
function queriedIds(call: ApiCall) {
  // Repeated keys are the documented form; comma-joined values (what line-pay-merchant sends for
  // arrays) are accepted too, since a transactionId can never contain a comma.
  const transactionIds = (call.query.get("transactionId") ?? [])
    .flatMap((v) => v.split(","))
    .filter(Boolean);
  const orderIds = (call.query.get("orderId") ?? []).filter(Boolean);
  return { transactionIds, orderIds };
}

function paymentDetails(call: ApiCall, { store }: ApiDeps): Envelope {
  const { transactionIds, orderIds } = queriedIds(call);
  if (transactionIds.length === 0 && orderIds.length === 0) {
    return parameterError("transactionId or orderId is required");
  }
  if (transactionIds.length + orderIds.length > MAX_IDS) {
    return envelope("1177", `Maximum number of transactions (${MAX_IDS}) exceeded.`);
  }

  const channelId = call.channel.channelId;
  const entries = new Map<string, unknown>();
  for (const id of transactionIds) {
    const tx = store.get(id, channelId);
    if (tx && isConfirmed(tx.state)) {
      entries.set(tx.transactionId, paymentDetailsEntry(tx, call.channel));
      continue;
    }
    const refund = store.getRefund(id, channelId);
    if (refund) entries.set(id, refundDetailsEntry(refund.tx, refund.refund, call.channel));
  }
  for (const orderId of orderIds) {
    const tx = store.getByOrderId(channelId, orderId);
    if (tx && isConfirmed(tx.state))
      entries.set(tx.transactionId, paymentDetailsEntry(tx, call.channel));
  }
  if (entries.size === 0) return notFound();
  return envelope("0000", "Success.", [...entries.values()]);
}

export const detailsRoutes: ApiRoute[] = [
  {
    method: "GET",
    pattern: /^\/v3\/payments$/,
    endpoint: "paymentDetails",
    handle: paymentDetails,
    describe: (call) => {
      const { transactionIds, orderIds } = queriedIds(call);
      return { transactionId: transactionIds, orderId: orderIds };
    },
  },
];
