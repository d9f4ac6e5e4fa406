// Period numbers people read: the first period is period 1 for shopper and admin alike.
import { describe, expect, it } from "vitest";
import { periodNumber } from "@/lib/billing/period-number";

describe("periodNumber", () => {
  it("numbers the first period (index 0) as 1 and each later one by one more", () => {
    expect([0, 1, 2, 11].map(periodNumber)).toEqual([1, 2, 3, 12]);
  });
});
