// The cancel redirect needs no session, and for an order still waiting for payment each hit asks
// LINE Pay about it (two calls, two logged rows). Within a window one order's status is asked once:
// a repeated hit finds the lookup refused, which the cancel use case already treats as "cannot ask
// LINE Pay now" and answers from our own state. Reconciliation settles whatever is left open.
import type { Db } from "@/lib/db/client";
import type { PaymentGateway, PaymentContext } from "@/lib/payments/payment-gateway";
import type { PaymentProviders } from "@/lib/payments/payment-providers";
import { RATE_LIMITS } from "./rate-limit-rules";
import { RateLimitedError, consumeRateLimit } from "./rate-limiter";

export function withCancelLookupWindow<G extends PaymentGateway>(
  payments: PaymentProviders<G>,
  db: Db,
  now: Date,
): PaymentProviders<G> {
  return {
    defaultProvider: payments.defaultProvider,
    gatewayFor(provider) {
      const gateway = payments.gatewayFor(provider);
      // Every other method stays the gateway's own (looked up through the prototype).
      const windowed = Object.create(gateway) as G;
      windowed.lookupPayment = async (transactionId: string, ctx: PaymentContext) => {
        const subject = ctx.orderRowId ?? transactionId;
        const rule = RATE_LIMITS.cancelLookupPerOrder;
        const decision = await consumeRateLimit(db, rule, subject, now);
        if (!decision.isAllowed) throw new RateLimitedError(decision.retryAfterSeconds);
        return gateway.lookupPayment(transactionId, ctx);
      };
      return windowed;
    },
  };
}
