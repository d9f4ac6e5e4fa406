// PaymentGateway backed by the LINE Pay v3 client: converts app money (minor units) to LINE Pay
// amounts, LINE Pay errors to PaymentGatewayError, and logs every call as a PaymentEvent.
import type { Db } from "@/lib/db/client";
import { recordPaymentEvent } from "@/lib/db/payment-event-repository";
import { fromLinePayAmount, toLinePayAmount } from "@/lib/billing/money";
import { LinePayError, type LinePayCallEvent, type LinePayClient, type LinePayCurrency } from "@/lib/linepay";
import { PaymentGatewayError, type PaymentGateway, type ProviderPaymentState } from "./payment-gateway";

export type LinePayClientFactory = (onCall: (event: LinePayCallEvent) => Promise<void>) => LinePayClient;

function toGatewayError(error: unknown): unknown {
  if (!(error instanceof LinePayError)) return error;
  return new PaymentGatewayError(error.classification, error.returnCode ?? null, error.message);
}

export function createLinePayGateway(deps: { db: Db; createClient: LinePayClientFactory }): PaymentGateway {
  // A client per order keeps the call log attached to the order it belongs to.
  const clientFor = (orderRowId: string) =>
    deps.createClient((event) =>
      recordPaymentEvent(deps.db, {
        ...event,
        orderRowId,
        transactionId: event.transactionId ?? null,
        returnCode: event.returnCode ?? null,
        returnMessage: event.returnMessage ?? null,
        httpStatus: event.httpStatus ?? null,
        response: event.response ?? null,
        error: event.error ?? null,
      }),
    );

  return {
    async requestPayment(input, ctx) {
      const amount = toLinePayAmount(input.amountMinor, input.currency);
      try {
        const info = await clientFor(ctx.orderRowId).requestPayment({
          amount,
          currency: input.currency as LinePayCurrency,
          orderId: input.orderId,
          packages: [{ id: "vip", amount, name: "VIP Club", products: [{ id: input.productId, name: input.productName, quantity: 1, price: amount }] }],
          redirectUrls: { confirmUrl: input.confirmUrl, cancelUrl: input.cancelUrl },
        });
        return { transactionId: info.transactionId, paymentUrlWeb: info.paymentUrl.web, paymentUrlApp: info.paymentUrl.app ?? null };
      } catch (error) {
        throw toGatewayError(error);
      }
    },

    async confirmPayment(transactionId, money, ctx) {
      try {
        await clientFor(ctx.orderRowId).confirmPayment(transactionId, {
          amount: toLinePayAmount(money.amountMinor, money.currency),
          currency: money.currency as LinePayCurrency,
        });
      } catch (error) {
        throw toGatewayError(error);
      }
    },

    async lookupPayment(transactionId, ctx): Promise<ProviderPaymentState> {
      const client = clientFor(ctx.orderRowId);
      try {
        const [entry] = await client.getPaymentDetails({ transactionIds: [transactionId] });
        if (entry?.payStatus === "CAPTURE" && entry.currency) {
          const paid = entry.payInfo.reduce((sum, p) => sum + p.amount, 0);
          return { kind: "captured", amountMinor: fromLinePayAmount(paid, entry.currency), currency: entry.currency };
        }
      } catch (error) {
        // 1150: LINE Pay lists only confirmed payments, so "no history" means not captured yet.
        if (!(error instanceof LinePayError && error.returnCode === "1150")) throw toGatewayError(error);
      }
      const { status } = await client.checkPaymentStatus(transactionId).catch((error: unknown) => {
        throw toGatewayError(error);
      });
      const byStatus = {
        reserved: { kind: "awaiting_approval" },
        authenticated: { kind: "approved_not_confirmed" },
        cancelled: { kind: "cancelled" },
        failed: { kind: "failed" },
        completed: { kind: "not_found" }, // completed yet absent from details: leave it to verification
      } as const satisfies Record<string, ProviderPaymentState>;
      return byStatus[status];
    },
  };
}
