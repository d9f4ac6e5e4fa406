// CollectionGateway backed by the SinoPac QPay client: app money (TWD minor units, exponent 0) to
// whole NT$, SinoPac errors to PaymentGatewayError, and every call logged as a PaymentEvent against
// the order it belongs to (decrypted payloads, card tokens masked, no keys, nonces or Signs).
import { currencyExponent } from "@/lib/billing/money";
import type { Db } from "@/lib/db/client";
import { recordPaymentEvent } from "@/lib/db/payment-event-repository";
import { logger } from "@/lib/logger";
import {
  BACKEND_ACK,
  endOfWireDate,
  parseBackendNotification,
  parseReturnForm,
  SinoPacError,
  SinoPacNotSentError,
  type SinoPacCallEvent,
  type SinoPacClient,
  type SinoPacOrderRecord,
} from "@/lib/sinopac";
import type {
  CollectionGateway,
  CollectionOrderInput,
  CollectionOrderState,
} from "../collection-gateway";
import { PaymentGatewayError, type PaymentContext } from "../payment-gateway";

export type SinoPacClientFactory = (
  onCall: (event: SinoPacCallEvent) => Promise<void>,
) => SinoPacClient;

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof SinoPacError)) throw error;
    const code =
      "code" in error && typeof error.code === "string"
        ? error.code
        : error instanceof SinoPacNotSentError && error.isInvalidInput
          ? "INVALID_INPUT"
          : null;
    throw new PaymentGatewayError(error.classification, code, error.message);
  }
}

/** SinoPac collects TWD only; TWD has no minor unit in this app. */
function toTwd(amountMinor: number, currency: string): number {
  if (currency !== "TWD" || currencyExponent(currency) !== 0)
    throw new PaymentGatewayError("definitive", null, `SinoPac collects TWD only, not ${currency}`);
  return amountMinor;
}

function stateOf(record: SinoPacOrderRecord | undefined): CollectionOrderState {
  if (!record) return { kind: "not_found" };
  const providerReference = record.tsNo;
  switch (record.state) {
    case "paid":
      // A paid row whose amount cannot be read is not settled automatically.
      return record.amountTwd === undefined || !record.paidAt
        ? { kind: "unrecognised", providerReference, code: record.payStatus }
        : {
            kind: "paid",
            providerReference,
            amountMinor: record.amountTwd,
            currency: "TWD",
            paidAt: record.paidAt,
          };
    case "awaiting":
      return { kind: "awaiting", providerReference };
    case "expired":
      return { kind: "expired", providerReference };
    default:
      return { kind: "unrecognised", providerReference, code: record.payStatus };
  }
}

export function createSinoPacGateway(deps: {
  db: Db;
  shopNo: string;
  createClient: SinoPacClientFactory;
  now?: () => Date;
}): CollectionGateway {
  const clientFor = (ctx: PaymentContext) =>
    deps.createClient(async (event) => {
      try {
        await recordPaymentEvent(deps.db, {
          createdAt: deps.now?.() ?? new Date(),
          orderRowId: ctx.orderRowId ?? null,
          subscriptionId: ctx.subscriptionId ?? null,
          endpoint: `sinopac:${event.service}`,
          method: "POST",
          apiPath: "/Order",
          transactionId: event.tsNo ?? null,
          returnCode: event.description?.split(/\s[–-]\s/)[0] ?? null,
          returnMessage: event.description ?? null,
          outcome: event.outcome,
          httpStatus: event.httpStatus ?? null,
          latencyMs: event.latencyMs,
          request: event.request,
          response: event.response ?? null,
          error: event.error ?? null,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.error({ endpoint: event.service, reason }, "SinoPac call log write failed");
      }
    });

  const order = (input: CollectionOrderInput) => ({
    orderNo: input.orderId,
    amountTwd: toTwd(input.amountMinor, input.currency),
    productName: input.productName,
    returnUrl: input.returnUrl,
    backendUrl: input.notifyUrl,
  });

  return {
    merchantId: deps.shopNo,
    tokenFromReturn: (body) => parseReturnForm(body, deps.shopNo)?.payToken ?? null,
    tokenFromNotification: (body) => parseBackendNotification(body, deps.shopNo)?.payToken ?? null,
    notificationAck: { contentType: "application/json", body: BACKEND_ACK },
    startCardPayment: (input, ctx) =>
      guarded(async () => {
        const created = await clientFor(ctx).createCardOrder(order(input));
        return { providerReference: created.tsNo, paymentUrl: created.cardPayUrl };
      }),
    startTransfer: (input, ctx) =>
      guarded(async () => {
        const created = await clientFor(ctx).createAtmOrder({
          ...order(input),
          expireDate: input.payBy,
        });
        return {
          providerReference: created.tsNo,
          bankCode: created.bankCode,
          virtualAccount: created.virtualAccount,
          // The bank keeps the account open to 23:59 (Taiwan time) of the day sent: that is the
          // deadline the shopper is shown and the order is held open for.
          payBy: endOfWireDate(created.expireDate),
        };
      }),
    readToken: (token, ctx) =>
      guarded(async () => {
        const result = await clientFor(ctx).payQuery(token);
        return {
          orderId: result.orderNo,
          providerReference: result.tsNo,
          outcome: result.paid
            ? ("paid" as const)
            : result.declined
              ? ("declined" as const)
              : ("unknown" as const),
          amountMinor: result.amountTwd,
          currency: "TWD",
          paidAt: result.paidAt ?? null,
        };
      }),
    lookupOrder: (orderId, ctx) =>
      guarded(async () => stateOf(await clientFor(ctx).queryOrder(orderId))),
    lookupWindow: (window, ctx) =>
      guarded(async () => {
        const result = await clientFor(ctx).queryWindow(
          { field: window.field === "created" ? "order" : "pay", from: window.from, to: window.to },
          {
            payType: window.transfersOnly ? "A" : undefined,
            payFlag: window.paidOnly ? "Y" : undefined,
          },
        );
        return {
          orders: result.orders.map((record) => ({ orderId: record.orderNo, ...stateOf(record) })),
          mayBeTruncated: result.mayBeTruncated,
        };
      }),
  };
}
