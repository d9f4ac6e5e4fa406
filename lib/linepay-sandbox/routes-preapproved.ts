// Preapproved (recurring) payments with a regKey issued at confirm of a PREAPPROVED request:
// check, pay without user interaction, expire.
import type { ApiCall, ApiDeps, ApiRoute } from "./api-router";
import { envelope, wireId, type Envelope } from "./json";
import type { RegKeyRecord } from "./records";
import { preapprovedPaymentBodySchema } from "./schemas";
import { checkCurrency, minorAmount, orderIdOf, parseBody } from "./validation";
import { lineDate } from "./wire-info";

type RegKeyLookup = { ok: true; record: RegKeyRecord } | { ok: false; error: Envelope };

function findUsableRegKey(call: ApiCall, { store }: ApiDeps): RegKeyLookup {
  const record = store.getRegKey(call.params.regKey ?? "", call.channel.channelId);
  if (!record) return { ok: false, error: envelope("1190", "regKey does not exist.") };
  if (record.state === "EXPIRED")
    return { ok: false, error: envelope("1193", "regKey has expired.") };
  return { ok: true, record };
}

function checkRegKey(call: ApiCall, deps: ApiDeps): Envelope {
  // creditCardAuth=true (a minimum-amount card authorization) always succeeds here.
  const found = findUsableRegKey(call, deps);
  return found.ok ? envelope("0000", "OK") : found.error;
}

function payPreapproved(call: ApiCall, deps: ApiDeps): Envelope {
  const parsed = parseBody(preapprovedPaymentBodySchema, call.body);
  if (!parsed.ok) return parsed.error;
  const found = findUsableRegKey(call, deps);
  if (!found.ok) return found.error;
  const body = parsed.value;
  const currencyError = checkCurrency(body.currency, call.channel);
  if (currencyError) return currencyError;
  const amount = minorAmount(body.amount, body.currency, "amount");
  if (!amount.ok) return amount.error;
  if (amount.value <= 0) return envelope("1183", "Payment amount must be greater than 0.");
  const { store } = deps;
  if (store.isOrderIdUsed(call.channel.channelId, body.orderId)) {
    return envelope("1172", `Existing same orderId: ${body.orderId}.`);
  }

  const capture = body.capture ?? true;
  const tx = store.create(
    {
      channelId: call.channel.channelId,
      orderId: body.orderId,
      currency: body.currency,
      amountMinor: amount.value,
      productName: body.productName,
      packages: [],
      redirect: { confirmUrlType: "NONE" },
      capture,
      payType: "PREAPPROVED",
      viaRegKey: found.record.regKey,
      capturedMinor: capture ? amount.value : undefined,
    },
    capture ? "CAPTURED" : "AUTHORIZED",
    "preapproved payment with regKey",
  );
  store.extendRegKey(found.record);
  return envelope("0000", "Success.", {
    transactionId: wireId(tx.transactionId),
    transactionDate: lineDate(tx.createdAt),
    orderId: tx.orderId,
    ...(tx.authorizationExpireDate
      ? { authorizationExpireDate: lineDate(tx.authorizationExpireDate) }
      : {}),
  });
}

function expireRegKey(call: ApiCall, deps: ApiDeps): Envelope {
  const found = findUsableRegKey(call, deps);
  if (!found.ok) return found.error;
  deps.store.expireRegKey(found.record, "expired by the merchant (Expire RegKey API)");
  return envelope("0000", "OK");
}

const regKeyPath = (action: string) =>
  new RegExp(`^/v3/payments/preapprovedPay/(?<regKey>[^/]+)/${action}$`);

export const preapprovedRoutes: ApiRoute[] = [
  { method: "GET", pattern: regKeyPath("check"), endpoint: "checkRegKey", handle: checkRegKey },
  {
    method: "POST",
    pattern: regKeyPath("payment"),
    endpoint: "payPreapproved",
    handle: payPreapproved,
    // Two payments on one regKey at once: the second gets 1197.
    lock: (call) => ({
      key: `regKey:${call.params.regKey ?? ""}`,
      busy: envelope("1197", "A payment with this regKey is already being processed."),
    }),
    describe: (call) => ({ orderId: orderIdOf(call.body) }),
  },
  { method: "POST", pattern: regKeyPath("expire"), endpoint: "expireRegKey", handle: expireRegKey },
];
