import { describe, expect, it } from "vitest";
import {
  createPaymentProviders,
  mapPaymentProviders,
  UnknownPaymentProviderError,
} from "@/lib/payments/payment-providers";

describe("payment providers", () => {
  const linePay = { name: "line" };

  it("gives the gateway registered for an order's provider", () => {
    const providers = createPaymentProviders({ LINEPAY: linePay }, "LINEPAY");
    expect(providers.gatewayFor("LINEPAY")).toBe(linePay);
    expect(providers.defaultProvider).toBe("LINEPAY");
  });

  it("refuses a provider nobody registered instead of paying through another one", () => {
    const providers = createPaymentProviders({ LINEPAY: linePay }, "LINEPAY");
    expect(() => providers.gatewayFor("SINOPAC")).toThrow(UnknownPaymentProviderError);
  });

  it("refuses a default provider without a gateway", () => {
    expect(() => createPaymentProviders({}, "LINEPAY")).toThrow(UnknownPaymentProviderError);
  });

  it("wraps each registered gateway once", () => {
    const wrapped = mapPaymentProviders(
      createPaymentProviders({ LINEPAY: linePay }, "LINEPAY"),
      (gateway) => ({ inner: gateway }),
    );
    expect(wrapped.gatewayFor("LINEPAY")).toEqual({ inner: linePay });
    expect(wrapped.gatewayFor("LINEPAY")).toBe(wrapped.gatewayFor("LINEPAY"));
  });
});
