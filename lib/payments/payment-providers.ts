// The payment providers the app can take money with, by the id stored on each order and
// subscription (their `provider` column). Use cases ask for the gateway of the order's or the
// subscription's provider; adding a provider means writing its adapter beside linepay/ and
// registering it in lib/server/app-deps.ts, nothing in the use cases. SinoPac (sinopac/) is a bank
// collection provider with its own port (collection-gateway.ts: hosted card page, ATM virtual
// account, token read back by query); it has no regKeys or authorizations, so it is registered
// as AppDeps.collections rather than here.
import { AppError } from "@/lib/errors/app-error";
import type {
  AuthorizationGateway,
  PaymentGateway,
  RefundGateway,
  RenewalGateway,
} from "./payment-gateway";

/** The ids orders and subscriptions may carry. */
export const PAYMENT_PROVIDER_IDS = ["LINEPAY", "SINOPAC"] as const;
export type PaymentProviderId = (typeof PAYMENT_PROVIDER_IDS)[number];

const PROVIDER_NAMES: Record<PaymentProviderId, string> = {
  LINEPAY: "LINE Pay",
  SINOPAC: "SinoPac 豐收款",
};

/** The provider's own brand name, for the back office (an unknown id is shown as it is stored). */
export function paymentProviderName(provider: string): string {
  return (PROVIDER_NAMES as Partial<Record<string, string>>)[provider] ?? provider;
}

/** Every port one provider's adapter implements. */
export type ProviderGateway = PaymentGateway &
  RenewalGateway &
  RefundGateway &
  AuthorizationGateway;

/** `G`: the ports a use case needs (tests may register fakes with fewer). */
export interface PaymentProviders<G = ProviderGateway> {
  /** The provider new checkouts take money with. */
  readonly defaultProvider: PaymentProviderId;
  /** The gateway of an order's or a subscription's provider; throws for an id nobody registered. */
  gatewayFor(provider: string): G;
}

export class UnknownPaymentProviderError extends AppError {
  override name = "UnknownPaymentProviderError";
  constructor(message: string) {
    super(message, { status: 500, errorCode: "unknown_payment_provider" });
  }
}

export function createPaymentProviders<G>(
  gateways: Partial<Record<PaymentProviderId, G>>,
  defaultProvider: PaymentProviderId,
): PaymentProviders<G> {
  if (!gateways[defaultProvider])
    throw new UnknownPaymentProviderError(
      `The default payment provider ${defaultProvider} has no gateway`,
    );
  return {
    defaultProvider,
    gatewayFor(provider) {
      const gateway = (gateways as Partial<Record<string, G>>)[provider];
      if (!gateway)
        throw new UnknownPaymentProviderError(`No payment provider is registered as ${provider}`);
      return gateway;
    },
  };
}

/** The same providers with every gateway passed through `wrap` (say, to bound concurrent calls). */
export function mapPaymentProviders<G, H>(
  providers: PaymentProviders<G>,
  wrap: (gateway: G) => H,
): PaymentProviders<H> {
  const wrapped = new Map<G, H>();
  return {
    defaultProvider: providers.defaultProvider,
    gatewayFor(provider) {
      const gateway = providers.gatewayFor(provider);
      let result = wrapped.get(gateway);
      if (!result) wrapped.set(gateway, (result = wrap(gateway)));
      return result;
    },
  };
}
