// The session cookie is read the way next-auth writes it: its name over http and https, and a
// token split over numbered chunks joined in order.
import { describe, expect, it } from "vitest";
import { readSessionToken, sessionCookieName } from "@/lib/auth/session-cookie";

describe("session cookie", () => {
  it("is named as next-auth names it", () => {
    expect(sessionCookieName("http://localhost:3000")).toBe("next-auth.session-token");
    expect(sessionCookieName("https://shop.example.tw")).toBe("__Secure-next-auth.session-token");
  });

  it("reads the whole cookie, or its chunks in numeric order, and nothing else", () => {
    const name = "next-auth.session-token";
    expect(
      readSessionToken(
        [
          { name: "other", value: "x" },
          { name, value: "whole" },
        ],
        name,
      ),
    ).toBe("whole");
    expect(
      readSessionToken(
        [
          { name: `${name}.10`, value: "K" },
          { name: `${name}.2`, value: "C" },
          { name: `${name}.0`, value: "A" },
          { name: `${name}.1`, value: "B" },
          { name: `${name}.x`, value: "?" },
          { name: `__Secure-${name}`, value: "?" },
        ],
        name,
      ),
    ).toBe("ABCK");
    expect(readSessionToken([{ name: "next-auth.csrf-token", value: "c" }], name)).toBeNull();
    expect(readSessionToken([{ name, value: "" }], name)).toBeNull();
  });
});
