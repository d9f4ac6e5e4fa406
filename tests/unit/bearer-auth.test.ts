import { describe, expect, it } from "vitest";
import { hasValidBearer } from "@/lib/server/bearer-auth";

const secret = "s".repeat(40);
const request = (authorization?: string) =>
  new Request("http://x/api", { headers: authorization ? { authorization } : {} });

describe("bearer authorisation for machine endpoints", () => {
  it("accepts exactly the configured secret", () => {
    expect(hasValidBearer(request(`Bearer ${secret}`), secret)).toBe(true);
  });

  it.each([
    undefined,
    "",
    `Bearer ${secret}x`,
    `bearer ${secret}`,
    secret,
    "Bearer ",
    `Basic ${secret}`,
  ])("refuses %s", (header) => {
    expect(hasValidBearer(request(header), secret)).toBe(false);
  });

  it("refuses everything when no secret is configured", () => {
    expect(hasValidBearer(request("Bearer anything"), undefined)).toBe(false);
  });
});
