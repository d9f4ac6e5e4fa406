import { describe, expect, it } from "vitest";
import { computeEntitlementWindow } from "@/lib/billing/entitlement-window";

const now = new Date("2026-01-31T10:00:00Z");

describe("VIP entitlement window", () => {
  it("starts now when the shopper has no active access", () => {
    const window = computeEntitlementWindow({ now, durationDays: 30, currentAccessEndsAt: null });
    expect(window.startsAt).toEqual(now);
    expect(window.endsAt.toISOString()).toBe("2026-03-02T10:00:00.000Z");
  });

  it("extends from the end of access still running, so no paid day is lost", () => {
    const activeUntil = new Date("2026-02-10T00:00:00Z");
    const window = computeEntitlementWindow({
      now,
      durationDays: 30,
      currentAccessEndsAt: activeUntil,
    });
    expect(window.startsAt).toEqual(activeUntil);
    expect(window.endsAt.toISOString()).toBe("2026-03-12T00:00:00.000Z");
  });

  it("ignores access that already ended", () => {
    const window = computeEntitlementWindow({
      now,
      durationDays: 1,
      currentAccessEndsAt: new Date("2026-01-01T00:00:00Z"),
    });
    expect(window.startsAt).toEqual(now);
  });

  it("refuses a non-positive duration", () => {
    expect(() =>
      computeEntitlementWindow({ now, durationDays: 0, currentAccessEndsAt: null }),
    ).toThrow(RangeError);
  });
});
