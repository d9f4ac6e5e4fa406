import { describe, expect, it } from "vitest";
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from "@/lib/billing/subscription-status";
import { subscriptionGrantsAccess } from "@/lib/billing/vip-access";

const now = new Date("2026-03-10T12:00:00Z");
const before = new Date("2026-03-10T11:59:59.999Z");
const later = new Date("2026-03-10T12:00:00.001Z");

const grants = (
  status: SubscriptionStatus,
  currentPeriodEnd: Date | null,
  graceUntil: Date | null,
) => subscriptionGrantsAccess({ status, currentPeriodEnd, graceUntil }, now);

describe("VIP access from a subscription", () => {
  it.each(["ACTIVE", "CANCELED"] as const)(
    "%s: until the current period ends (end exclusive)",
    (status) => {
      expect(grants(status, later, null)).toBe(true);
      expect(grants(status, now, null)).toBe(false);
      expect(grants(status, before, null)).toBe(false);
      expect(grants(status, null, null)).toBe(false);
    },
  );

  it.each(["ACTIVE", "CANCELED"] as const)(
    "%s: grace does not extend a paid-up subscription",
    (status) => {
      expect(grants(status, before, later)).toBe(false);
    },
  );

  it.each(["PAST_DUE", "NEEDS_REBIND"] as const)(
    "%s: until the grace period ends (end exclusive)",
    (status) => {
      expect(grants(status, before, later)).toBe(true);
      expect(grants(status, before, now)).toBe(false);
      expect(grants(status, before, before)).toBe(false);
      expect(grants(status, null, later)).toBe(true);
    },
  );

  it.each(["PAST_DUE", "NEEDS_REBIND"] as const)(
    "%s: or until the period end when that is later",
    (status) => {
      expect(grants(status, later, before)).toBe(true);
      expect(grants(status, later, null)).toBe(true);
      expect(grants(status, null, null)).toBe(false);
    },
  );

  it.each(["INCOMPLETE", "EXPIRED"] as const)("%s: never, whatever the dates say", (status) => {
    expect(grants(status, later, later)).toBe(false);
  });

  it("covers every status", () => {
    const withAccess = SUBSCRIPTION_STATUSES.filter((status) => grants(status, later, later));
    expect(withAccess).toEqual(["ACTIVE", "PAST_DUE", "NEEDS_REBIND", "CANCELED"]);
  });
});
