// How long the VIP access bought by an order lasts. Buying again while VIP is still active extends
// it from the current end instead of overlapping it, so no paid day is lost.

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EntitlementWindow {
  startsAt: Date;
  endsAt: Date;
}

export function computeEntitlementWindow(input: {
  now: Date;
  durationDays: number;
  currentAccessEndsAt: Date | null;
}): EntitlementWindow {
  if (!Number.isInteger(input.durationDays) || input.durationDays <= 0) {
    throw new RangeError("durationDays must be a positive integer");
  }
  const startsAt =
    input.currentAccessEndsAt && input.currentAccessEndsAt > input.now
      ? input.currentAccessEndsAt
      : input.now;
  return { startsAt, endsAt: new Date(startsAt.getTime() + input.durationDays * DAY_MS) };
}
