// The credentials callback's body check: a repeated key (which next-auth and URLSearchParams.get
// would read differently) is found, whatever its spelling; and next-auth's rate-limited answer is
// recognised in both its shapes (302 Location, or JSON url with json=true).
import { describe, expect, it } from "vitest";
import { findRepeatedFormKey, isRateLimitedSignInAnswer } from "@/lib/auth/credentials-form";

describe("findRepeatedFormKey", () => {
  it("finds the first key sent twice, encoded or not", () => {
    expect(findRepeatedFormKey("email=a%40x&password=p&csrfToken=t")).toBeNull();
    expect(findRepeatedFormKey("email=decoy%40x&email=victim%40x&password=p")).toBe("email");
    expect(findRepeatedFormKey("em%61il=a&email=b")).toBe("email");
    expect(findRepeatedFormKey("json=false&password=p&json=true")).toBe("json");
    expect(findRepeatedFormKey("")).toBeNull();
  });
});

describe("isRateLimitedSignInAnswer", () => {
  it("reads next-auth's redirect and its JSON answer", async () => {
    const redirect = (location: string) =>
      new Response(null, { status: 302, headers: { Location: location } });
    expect(
      await isRateLimitedSignInAnswer(redirect("/api/auth/error?error=RateLimited"), "RateLimited"),
    ).toBe(true);
    expect(
      await isRateLimitedSignInAnswer(
        redirect("/api/auth/error?error=CredentialsSignin&provider=credentials"),
        "RateLimited",
      ),
    ).toBe(false);
    expect(
      await isRateLimitedSignInAnswer(
        Response.json({ url: "http://x/api/auth/error?error=RateLimited" }, { status: 401 }),
        "RateLimited",
      ),
    ).toBe(true);
    expect(
      await isRateLimitedSignInAnswer(Response.json({ url: "http://x/" }), "RateLimited"),
    ).toBe(false);
  });
});
