import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/server/safe-return-path";

describe("safe return path", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/account")).toBe("/account");
    expect(safeReturnPath("/checkout/success?orderId=VIP-1")).toBe("/checkout/success?orderId=VIP-1");
  });

  it.each(["https://evil.example", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/a\nb", undefined, 42])(
    "falls back for %s",
    (value) => {
      expect(safeReturnPath(value)).toBe("/");
    },
  );
});
