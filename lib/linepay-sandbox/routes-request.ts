// Request (POST /v3/payments/request) and Check Payment Status (GET .../requests/{id}/check).
import type { ApiCall, ApiDeps, ApiRoute } from "./api-router";
import { envelope, wireId, type Envelope } from "./json";
import { fromMinorUnits } from "./money";
import { describeTransaction } from "./routes-confirm";
import type { PackageRecord } from "./records";
import { requestBodySchema, type RequestBody } from "./schemas";
import { checkStatusCode } from "./state-machine";
import {
  checkCurrency,
  minorAmount,
  notFound,
  orderIdOf,
  parameterError,
  parseBody,
  type Checked,
} from "./validation";

function requestPayment(call: ApiCall, { store, config }: ApiDeps): Envelope {
  const parsed = parseBody(requestBodySchema, call.body);
  if (!parsed.ok) return parsed.error;
  const body = parsed.value;
  const currencyError = checkCurrency(body.currency, call.channel);
  if (currencyError) return currencyError;

  const packages = toPackages(body);
  if (!packages.ok) return packages.error;
  const amount = minorAmount(body.amount, body.currency, "amount");
  if (!amount.ok) return amount.error;
  if (amount.value <= 0) return envelope("1183", "Payment amount must be greater than 0.");
  const sumError = checkSums(body, amount.value, packages.value);
  if (sumError) return sumError;
  if (store.isOrderIdUsed(call.channel.channelId, body.orderId)) {
    return envelope("1172", `Existing same orderId: ${body.orderId}.`);
  }

  const tx = store.create(
    {
      channelId: call.channel.channelId,
      orderId: body.orderId,
      currency: body.currency,
      amountMinor: amount.value,
      productName: packages.value[0]?.products[0]?.name ?? "",
      packages: packages.value,
      redirect: {
        confirmUrl: body.redirectUrls.confirmUrl,
        cancelUrl: body.redirectUrls.cancelUrl,
        confirmUrlType: body.redirectUrls.confirmUrlType ?? "CLIENT",
      },
      capture: body.options?.payment?.capture ?? true,
      payType: body.options?.payment?.payType ?? "NORMAL",
    },
    "RESERVED",
    "payment requested",
  );
  const token = tx.reserveToken ?? "";
  return envelope("0000", "Success.", {
    paymentUrl: {
      web: `${config.publicUrl}/web/payment/wait?transactionReserveId=${token}`,
      app: `line://pay/payment/${token}`,
    },
    transactionId: wireId(tx.transactionId),
    paymentAccessToken: tx.paymentAccessToken,
  });
}

function toPackages(body: RequestBody): Checked<PackageRecord[]> {
  const out: PackageRecord[] = [];
  for (const [i, p] of body.packages.entries()) {
    const amount = minorAmount(p.amount, body.currency, `packages[${i}].amount`);
    if (!amount.ok) return amount;
    const userFee =
      p.userFee === undefined
        ? undefined
        : minorAmount(p.userFee, body.currency, `packages[${i}].userFee`);
    if (userFee && !userFee.ok) return userFee;
    const products: PackageRecord["products"] = [];
    for (const [j, product] of p.products.entries()) {
      const field = `packages[${i}].products[${j}]`;
      const quantity = Number(product.quantity);
      if (!Number.isSafeInteger(quantity) || quantity <= 0) {
        return {
          ok: false,
          error: parameterError(`${field}.quantity: must be a positive integer`),
        };
      }
      const price = minorAmount(product.price, body.currency, `${field}.price`);
      if (!price.ok) return price;
      const original =
        product.originalPrice === undefined
          ? undefined
          : minorAmount(product.originalPrice, body.currency, `${field}.originalPrice`);
      if (original && !original.ok) return original;
      products.push({
        id: product.id,
        name: product.name,
        imageUrl: product.imageUrl,
        quantity,
        priceMinor: price.value,
        originalPriceMinor: original?.value,
      });
    }
    out.push({
      id: p.id,
      name: p.name,
      amountMinor: amount.value,
      userFeeMinor: userFee?.value,
      products,
    });
  }
  return { ok: true, value: out };
}

/** amount = Σ(packages.amount + userFee) and packages.amount = Σ(quantity × price); LINE answers a parameter error. */
function checkSums(
  body: RequestBody,
  amountMinor: number,
  packages: PackageRecord[],
): Envelope | undefined {
  for (const [i, p] of packages.entries()) {
    const sum = p.products.reduce((acc, product) => acc + product.quantity * product.priceMinor, 0);
    if (sum !== p.amountMinor) {
      return parameterError(
        `packages[${i}].amount (${body.packages[i]?.amount}) must equal Σ products[].quantity × products[].price (${fromMinorUnits(sum, body.currency)}).`,
      );
    }
  }
  const total = packages.reduce((acc, p) => acc + p.amountMinor + (p.userFeeMinor ?? 0), 0);
  if (total !== amountMinor) {
    return parameterError(
      `amount (${body.amount}) must equal Σ packages[].amount + Σ packages[].userFee (${fromMinorUnits(total, body.currency)}).`,
    );
  }
  return undefined;
}

function checkPaymentStatus(call: ApiCall, { store }: ApiDeps): Envelope {
  const tx = store.get(call.params.transactionId ?? "", call.channel.channelId);
  if (!tx) return notFound();
  const { code, message } = checkStatusCode(tx.state);
  return envelope(code, message);
}

export const requestRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: /^\/v3\/payments\/request$/,
    endpoint: "request",
    handle: requestPayment,
    describe: (call) => ({ orderId: orderIdOf(call.body) }),
  },
  {
    method: "GET",
    pattern: /^\/v3\/payments\/requests\/(?<transactionId>[^/]+)\/check$/,
    endpoint: "checkPaymentStatus",
    handle: checkPaymentStatus,
    describe: describeTransaction,
  },
];
