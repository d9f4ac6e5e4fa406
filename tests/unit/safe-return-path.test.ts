import { describe, expect, it } from "vitest";
import { safeAuthRedirect, safeReturnPath } from "@/lib/server/safe-return-path";

describe("safe return path", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/account")).toBe("/account");
    expect(safeReturnPath("/checkout/success?orderId=VIP-1")).toBe(
      "/checkout/success?orderId=VIP-1",
    );
  });

  it.each([
    "https://evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "/a\nb",
    undefined,
    42,
  ])("falls back for %s", (value) => {
    expect(safeReturnPath(value)).toBe("/");
  });
});

describe("next-auth redirect callback", () => {
  const base = "http://localhost:3000";

  it("keeps our own paths and absolute URLs on our origin", () => {
    expect(safeAuthRedirect("/account", base)).toBe("http://localhost:3000/account");
    expect(safeAuthRedirect("http://localhost:3000/orders/VIP-1?x=1", base)).toBe(
      "http://localhost:3000/orders/VIP-1?x=1",
    );
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://localhost:3000.evil.example/",
    "http://localhost:3001/account",
    "https://localhost:3000/",
    "http://evil.example@localhost:3000x/",
    "data:text/html,hi",
    "not a url",
    "",
  ])("sends %s home", (url) => {
    const result = new URL(safeAuthRedirect(url, base));
    expect(result.origin).toBe(base);
    expect(result.pathname).toBe("/");
  });
});
