import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "@/lib/server/same-origin";

const APP = "https://shop.example.com";

function post(headers: Record<string, string>): Request {
  return new Request(`${APP}/api/linepay/checkout`, { method: "POST", headers });
}

describe("isSameOriginRequest", () => {
  it("accepts our own origin", () => {
    expect(isSameOriginRequest(post({ origin: APP, "sec-fetch-site": "same-origin" }), APP)).toBe(
      true,
    );
  });

  it.each([
    "https://evil.example",
    "null",
    "http://shop.example.com",
    "https://shop.example.com:8443",
    "https://sub.shop.example.com",
  ])("refuses Origin %s", (origin) =>
    expect(isSameOriginRequest(post({ origin }), APP)).toBe(false),
  );

  it.each(["cross-site", "same-site", "CROSS-SITE"])(
    "refuses a browser request without Origin when Sec-Fetch-Site is %s",
    (site) => {
      expect(isSameOriginRequest(post({ "sec-fetch-site": site }), APP)).toBe(false);
    },
  );

  it("accepts requests without Origin from our pages, typed URLs and non-browser clients", () => {
    expect(isSameOriginRequest(post({ "sec-fetch-site": "same-origin" }), APP)).toBe(true);
    expect(isSameOriginRequest(post({ "sec-fetch-site": "none" }), APP)).toBe(true);
    expect(isSameOriginRequest(post({}), APP)).toBe(true);
  });

  it("trusts Origin over a same-origin Fetch Metadata claim", () => {
    expect(
      isSameOriginRequest(
        post({ origin: "https://evil.example", "sec-fetch-site": "same-origin" }),
        APP,
      ),
    ).toBe(false);
  });
});
