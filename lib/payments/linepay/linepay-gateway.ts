// PaymentGateway and RenewalGateway backed by the LINE Pay v3 client: converts app money (minor
// units) to LINE Pay amounts, LINE Pay errors to PaymentGatewayError, and logs every call as a
// PaymentEvent against the order, subscription or charge attempt it belongs to.
import type { Db } from "@/lib/db/client";
import { recordPaymentEvent, type PaymentEventInput } from "@/lib/db/payment-event-repository";
import { logger } from "@/lib/logger";
import { fromLinePayAmount, toLinePayAmount } from "@/lib/billing/money";
import {
  LinePayError,
  isRegKeyDeadCode,
  type LinePayCallEvent,
  type LinePayClient,
  type LinePayCurrency,
  type PaymentDetailsEntry,
} from "@/lib/linepay";
import {
  PaymentGatewayError,
  type PaymentContext,
  type PaymentGateway,
  type AuthorizationGateway,
  type ProviderPaymentRecord,
  type ProviderPaymentState,
  type RefundGateway,
  type RenewalGateway,
} from "../payment-gateway";

export type LinePayClientFactory = (
  onCall: (event: LinePayCallEvent) => Promise<void>,
) => LinePayClient;

function toGatewayError(error: unknown): unknown {
  if (!(error instanceof LinePayError)) return error;
  const code = error.returnCode ?? null;
  const isDead = error.classification === "definitive" && code !== null && isRegKeyDeadCode(code);
  return new PaymentGatewayError(error.classification, code, error.message, isDead);
}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGatewayError(error);
  }
}

function capturedAmount(
  entry: PaymentDetailsEntry | undefined,
): { amountMinor: number; currency: string } | null {
  return amountWithStatus(entry, "CAPTURE");
}

function authorizedAmount(
  entry: PaymentDetailsEntry | undefined,
): { amountMinor: number; currency: string } | null {
  return amountWithStatus(entry, "AUTHORIZATION");
}

function amountWithStatus(
  entry: PaymentDetailsEntry | undefined,
  payStatus: "CAPTURE" | "AUTHORIZATION",
): { amountMinor: number; currency: string } | null {
  if (entry?.payStatus !== payStatus || !entry.currency) return null;
  const paid = entry.payInfo.reduce((sum, p) => sum + p.amount, 0);
  return { amountMinor: fromLinePayAmount(paid, entry.currency), currency: entry.currency };
}

const isNotFound = (error: unknown) => error instanceof LinePayError && error.returnCode === "1150";
const money = (amountMinor: number, currency: string) => ({
  amount: toLinePayAmount(amountMinor, currency),
  currency: currency as LinePayCurrency,
});

/** The call log must never hide or change a payment result: a failed write is logged instead. */
async function recordCall(db: Db, event: PaymentEventInput): Promise<void> {
  try {
    await recordPaymentEvent(db, event);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.error(
      { endpoint: event.endpoint, apiPath: event.apiPath, reason },
      "LINE Pay call log write failed",
    );
  }
}

export function createLinePayGateway(deps: {
  db: Db;
  createClient: LinePayClientFactory;
  /** The app's clock, for the call log (the test clock in development); default: real time. */
  now?: () => Date;
}): PaymentGateway & RenewalGateway & RefundGateway & AuthorizationGateway {
  // A client per call context keeps the call log attached to what it belongs to.
  const clientFor = (ctx: PaymentContext) =>
    deps.createClient((event) =>
      recordCall(deps.db, {
        ...event,
        createdAt: deps.now?.() ?? new Date(),
        orderRowId: ctx.orderRowId ?? null,
        subscriptionId: ctx.subscriptionId ?? null,
        chargeAttemptId: ctx.chargeAttemptId ?? null,
        transactionId: event.transactionId ?? null,
        returnCode: event.returnCode ?? null,
        returnMessage: event.returnMessage ?? null,
        httpStatus: event.httpStatus ?? null,
        response: event.response ?? null,
        error: event.error ?? null,
      }),
    );

  return {
    requestPayment: (input, ctx) =>
      guarded(async () => {
        const { amount, currency } = money(input.amountMinor, input.currency);
        const info = await clientFor(ctx).requestPayment({
          amount,
          currency,
          orderId: input.orderId,
          packages: [
            {
              id: "vip",
              amount,
              name: "VIP Club",
              products: [
                { id: input.productId, name: input.productName, quantity: 1, price: amount },
              ],
            },
          ],
          redirectUrls: { confirmUrl: input.confirmUrl, cancelUrl: input.cancelUrl },
          ...(input.isPreapproved || input.isAuthorizeOnly
            ? {
                options: {
                  payment: {
                    ...(input.isPreapproved && { payType: "PREAPPROVED" as const }),
                    ...(input.isAuthorizeOnly && { capture: false }),
                  },
                },
              }
            : {}),
        });
        return {
          transactionId: info.transactionId,
          paymentUrlWeb: info.paymentUrl.web,
          paymentUrlApp: info.paymentUrl.app ?? null,
        };
      }),

    confirmPayment: (transactionId, amount, ctx) =>
      guarded(async () => {
        const info = await clientFor(ctx).confirmPayment(
          transactionId,
          money(amount.amountMinor, amount.currency),
        );
        return { regKey: info.regKey ?? null };
      }),

    async lookupPayment(transactionId, ctx): Promise<ProviderPaymentState> {
      const client = clientFor(ctx);
      try {
        const [entry] = await client.getPaymentDetails({ transactionIds: [transactionId] });
        const captured = capturedAmount(entry);
        if (captured) return { kind: "captured", ...captured };
        const held = authorizedAmount(entry);
        if (held) return { kind: "authorized", ...held };
        if (entry?.payStatus === "VOIDED_AUTHORIZATION") return { kind: "authorization_voided" };
        if (entry?.payStatus === "EXPIRED_AUTHORIZATION") return { kind: "authorization_expired" };
      } catch (error) {
        // 1150: LINE Pay lists only confirmed payments, so "no history" means not captured yet.
        if (!isNotFound(error)) throw toGatewayError(error);
      }
      const { status } = await guarded(() => client.checkPaymentStatus(transactionId));
      const byStatus = {
        reserved: { kind: "awaiting_approval" },
        authenticated: { kind: "approved_not_confirmed" },
        cancelled: { kind: "cancelled" },
        failed: { kind: "failed" },
        completed: { kind: "not_found" }, // completed yet absent from details: leave it to verification
      } as const satisfies Record<string, ProviderPaymentState>;
      return byStatus[status];
    },

    checkRegKey: (regKey, ctx) =>
      guarded(async () => {
        // 1190 (unknown) and 1193 (expired) answer the question: the key can never be charged.
        const { status } = await clientFor(ctx).checkRegKey(regKey);
        return status === "valid" ? ("usable" as const) : ("dead" as const);
      }).catch((error: unknown) => {
        // 1141 and the 1282–1295 account codes: definitive, and the key is dead for good.
        if (error instanceof PaymentGatewayError && error.isRegKeyDead) return "dead" as const;
        throw error;
      }),

    payPreapproved: (regKey, input, ctx) =>
      guarded(async () => {
        const { amount, currency } = money(input.amountMinor, input.currency);
        const info = await clientFor(ctx).payPreapproved(regKey, {
          productName: input.productName,
          amount,
          currency,
          orderId: input.orderId,
          capture: true,
        });
        return { transactionId: info.transactionId };
      }),

    async findChargeByOrderId(orderId, ctx) {
      try {
        const entries = await clientFor(ctx).getPaymentDetails({ orderIds: [orderId] });
        const entry =
          entries.find((e) => e.transactionType === "PAYMENT" && e.orderId === orderId) ??
          entries[0];
        const captured = capturedAmount(entry);
        if (entry && captured)
          return { kind: "captured", transactionId: entry.transactionId, ...captured };
        return { kind: "not_found" };
      } catch (error) {
        if (isNotFound(error)) return { kind: "not_found" };
        throw toGatewayError(error);
      }
    },

    expireRegKey: (regKey, ctx) =>
      guarded(async () => {
        await clientFor(ctx).expireRegKey(regKey); // expired, not_found and already_expired all mean gone
      }),

    capturePayment: (transactionId, amount, ctx) =>
      guarded(async () => {
        await clientFor(ctx).capturePayment(
          transactionId,
          money(amount.amountMinor, amount.currency),
        );
      }),

    voidPayment: (transactionId, ctx) =>
      guarded(async () => {
        await clientFor(ctx).voidPayment(transactionId);
      }),

    refundPayment: (transactionId, amount, ctx) =>
      guarded(async () => {
        const { amount: refundAmount } = money(amount.amountMinor, amount.currency);
        const info = await clientFor(ctx).refundPayment(transactionId, { refundAmount });
        return { refundTransactionId: info.refundTransactionId };
      }),

    async getPaymentRecord(transactionId, ctx) {
      try {
        const entries = await clientFor(ctx).getPaymentDetails({ transactionIds: [transactionId] });
        const entry =
          entries.find(
            (e) => e.transactionId === transactionId && e.transactionType === "PAYMENT",
          ) ?? entries[0];
        return entry ? toPaymentRecord(entry) : null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw toGatewayError(error);
      }
    },
  };
}

function toPaymentRecord(entry: PaymentDetailsEntry): ProviderPaymentRecord {
  const currency = entry.currency ?? null;
  const minor = (amount: number) =>
    currency ? fromLinePayAmount(Math.abs(amount), currency) : Math.abs(amount);
  return {
    transactionId: entry.transactionId,
    orderId: entry.orderId ?? null,
    transactionDate: entry.transactionDate,
    payStatus: entry.payStatus ?? null,
    productName: entry.productName ?? null,
    currency,
    paidMinor: minor(entry.payInfo.reduce((sum, p) => sum + p.amount, 0)),
    // LINE Pay lists refunds with negative amounts.
    refunds: (entry.refundList ?? []).map((r) => ({
      refundTransactionId: r.refundTransactionId,
      type: r.transactionType,
      amountMinor: minor(r.refundAmount),
      date: r.refundTransactionDate,
    })),
  };
}
