import { describe, expect, it } from "vitest";
import {
  SUBSCRIPTION_STATUSES,
  IllegalSubscriptionTransitionError,
  assertSubscriptionTransition,
  canTransitionSubscription,
  isRenewingStatus,
  type SubscriptionStatus,
} from "@/lib/billing/subscription-status";

const legal: Array<[SubscriptionStatus, SubscriptionStatus]> = [
  ["INCOMPLETE", "ACTIVE"],
  ["INCOMPLETE", "EXPIRED"],
  ["ACTIVE", "ACTIVE"],
  ["ACTIVE", "PAST_DUE"],
  ["ACTIVE", "NEEDS_REBIND"],
  ["ACTIVE", "CANCELED"],
  ["ACTIVE", "EXPIRED"],
  ["PAST_DUE", "ACTIVE"],
  ["PAST_DUE", "PAST_DUE"],
  ["PAST_DUE", "NEEDS_REBIND"],
  ["PAST_DUE", "EXPIRED"],
  ["NEEDS_REBIND", "ACTIVE"],
  ["NEEDS_REBIND", "CANCELED"],
  ["NEEDS_REBIND", "EXPIRED"],
  ["CANCELED", "ACTIVE"],
  ["CANCELED", "EXPIRED"],
];

describe("subscription state machine", () => {
  it.each(legal)("allows %s → %s", (from, to) => {
    expect(canTransitionSubscription(from, to)).toBe(true);
    expect(() => assertSubscriptionTransition(from, to)).not.toThrow();
  });

  it("refuses every move not in the legal list", () => {
    const legalKeys = new Set(legal.map(([from, to]) => `${from}>${to}`));
    let refused = 0;
    for (const from of SUBSCRIPTION_STATUSES) {
      for (const to of SUBSCRIPTION_STATUSES) {
        if (legalKeys.has(`${from}>${to}`)) continue;
        expect(canTransitionSubscription(from, to)).toBe(false);
        expect(() => assertSubscriptionTransition(from, to)).toThrow(
          IllegalSubscriptionTransitionError,
        );
        refused++;
      }
    }
    expect(refused).toBe(SUBSCRIPTION_STATUSES.length ** 2 - legal.length);
  });

  it("says which move was refused", () => {
    try {
      assertSubscriptionTransition("EXPIRED", "ACTIVE");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalSubscriptionTransitionError);
      const illegal = error as IllegalSubscriptionTransitionError;
      expect([illegal.from, illegal.to]).toEqual(["EXPIRED", "ACTIVE"]);
      expect(illegal.message).toBe("Subscription cannot move from EXPIRED to ACTIVE");
      expect(illegal.name).toBe("IllegalSubscriptionTransitionError");
    }
  });

  it("a shopper cancelling while past due expires at once instead of getting unpaid access", () => {
    expect(canTransitionSubscription("PAST_DUE", "CANCELED")).toBe(false);
    expect(canTransitionSubscription("PAST_DUE", "EXPIRED")).toBe(true);
  });

  it("only a confirmed first payment or a paid renewal makes a subscription ACTIVE", () => {
    const intoActive = SUBSCRIPTION_STATUSES.filter((from) =>
      canTransitionSubscription(from, "ACTIVE"),
    );
    expect(intoActive).toEqual(["INCOMPLETE", "ACTIVE", "PAST_DUE", "NEEDS_REBIND", "CANCELED"]);
  });

  it("nothing goes back to INCOMPLETE", () => {
    for (const from of SUBSCRIPTION_STATUSES)
      expect(canTransitionSubscription(from, "INCOMPLETE")).toBe(false);
  });

  it("EXPIRED is final", () => {
    for (const to of SUBSCRIPTION_STATUSES)
      expect(canTransitionSubscription("EXPIRED", to)).toBe(false);
  });

  it("only ACTIVE and PAST_DUE subscriptions may be charged by the renewal engine", () => {
    expect(SUBSCRIPTION_STATUSES.filter(isRenewingStatus)).toEqual(["ACTIVE", "PAST_DUE"]);
  });
});
