// Every domain error is an AppError with a stable code and the HTTP status it stands for, and only
// messages written for the reader are shown.
import { describe, expect, it } from "vitest";
import { IllegalOrderTransitionError } from "@/lib/billing/order-status";
import { IllegalSubscriptionTransitionError } from "@/lib/billing/subscription-status";
import { CheckoutError } from "@/lib/checkout/checkout-error";
import { PaymentGatewayError } from "@/lib/payments/payment-gateway";
import { OrderStateConflictError } from "@/lib/db/order-repository";
import { OrderNotFoundError } from "@/lib/db/refund-repository";
import {
  SubscriptionConflictError,
  SubscriptionStateConflictError,
} from "@/lib/db/subscription-repository";
import { EmailTakenError } from "@/lib/db/user-repository";
import { EnvError } from "@/lib/env";
import { AppError, GENERIC_ERROR_MESSAGE, publicMessage } from "@/lib/errors/app-error";
import { RateLimitedError } from "@/lib/security/rate-limiter";
import { SecretBoxError } from "@/lib/security/secret-box";
import { TestClockError } from "@/lib/server/app-clock";
import { BodyError } from "@/lib/server/request-body";

describe("AppError subclasses", () => {
  const cases: Array<[AppError, string, number, number | string, boolean]> = [
    [
      new CheckoutError(404, "plan_unavailable", "That plan does not exist."),
      "CheckoutError",
      404,
      "not_found",
      true,
    ],
    [
      new CheckoutError(502, "payment_start_failed", "LINE Pay could not start the payment."),
      "CheckoutError",
      502,
      "payment_provider_unavailable",
      true,
    ],
    [
      new BodyError(415, "unsupported_media_type", "Send JSON"),
      "BodyError",
      415,
      "unsupported_media_type",
      true,
    ],
    [new RateLimitedError(30), "RateLimitedError", 429, "rate_limited", true],
    [
      new EmailTakenError("This email is already registered"),
      "EmailTakenError",
      409,
      "email_taken",
      true,
    ],
    [
      new TestClockError("The test clock is disabled"),
      "TestClockError",
      409,
      "clock_unavailable",
      true,
    ],
    [
      new PaymentGatewayError("definitive", "1104", "refused"),
      "PaymentGatewayError",
      502,
      "payment_refused",
      false,
    ],
    [
      new PaymentGatewayError("unknown", null, "timeout"),
      "PaymentGatewayError",
      502,
      "payment_outcome_unknown",
      false,
    ],
    [
      new IllegalOrderTransitionError("PAID", "PENDING"),
      "IllegalOrderTransitionError",
      409,
      "illegal_order_transition",
      false,
    ],
    [
      new IllegalSubscriptionTransitionError("EXPIRED", "ACTIVE"),
      "IllegalSubscriptionTransitionError",
      409,
      "illegal_subscription_transition",
      false,
    ],
    [
      new OrderStateConflictError("changed"),
      "OrderStateConflictError",
      409,
      "order_state_conflict",
      false,
    ],
    [new OrderNotFoundError("No order VIP-1"), "OrderNotFoundError", 404, "order_not_found", false],
    [
      new SubscriptionConflictError("exists"),
      "SubscriptionConflictError",
      409,
      "subscription_exists",
      false,
    ],
    [
      new SubscriptionStateConflictError("busy"),
      "SubscriptionStateConflictError",
      409,
      "subscription_state_conflict",
      false,
    ],
    [new SecretBoxError("bad key"), "SecretBoxError", 500, "secret_box_error", false],
    [new EnvError("Invalid environment"), "EnvError", 500, "invalid_environment", false],
  ];

  it.each(cases)("%s is an AppError (%s)", (error, name, status, code, isMessageSafe) => {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.errorCode).toBe(code);
    expect(error.isMessageSafe).toBe(isMessageSafe);
    expect(publicMessage(error)).toBe(isMessageSafe ? error.message : GENERIC_ERROR_MESSAGE);
  });

  it("keeps each class's own fields", () => {
    const gateway = new PaymentGatewayError("definitive", "1150", "regKey dead", true);
    expect([gateway.outcome, gateway.code, gateway.isRegKeyDead]).toEqual([
      "definitive",
      "1150",
      true,
    ]);
    expect(new BodyError(413, "body_too_large", "too big").code).toBe("body_too_large");
    expect(new RateLimitedError(61).retryAfterSeconds).toBe(61);
    const transition = new IllegalOrderTransitionError("PAID", "PENDING");
    expect([transition.from, transition.to]).toEqual(["PAID", "PENDING"]);
  });
});
