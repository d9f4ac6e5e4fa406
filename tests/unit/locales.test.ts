import { describe, expect, it } from "vitest";
import { isLocale, pickLocale } from "@/lib/i18n/locales";

describe("pickLocale", () => {
  it("prefers the shopper's cookie over the browser's languages", () => {
    expect(pickLocale("zh-TW", "en-US,en;q=0.9")).toBe("zh-TW");
    expect(pickLocale("en", "zh-TW,zh;q=0.9")).toBe("en");
  });

  it("ignores a cookie that names no language we speak", () => {
    expect(pickLocale("fr", "zh-TW")).toBe("zh-TW");
    expect(pickLocale("zh-tw", null)).toBe("en"); // the cookie is written by us, exactly
  });

  it("reads Taiwan, Hong Kong and traditional-script Chinese as zh-TW", () => {
    for (const header of ["zh-TW", "zh-tw,en;q=0.5", "zh-Hant", "zh-Hant-TW", "zh-HK"]) {
      expect(pickLocale(undefined, header)).toBe("zh-TW");
    }
  });

  it("follows q-values, skipping languages we do not speak", () => {
    expect(pickLocale(undefined, "fr;q=1, zh-TW;q=0.8, en;q=0.5")).toBe("zh-TW");
    expect(pickLocale(undefined, "zh-TW;q=0.3, en-GB;q=0.7")).toBe("en");
    expect(pickLocale(undefined, "zh-TW;q=0, en;q=0.1")).toBe("en");
  });

  it("falls back to English for anything else", () => {
    expect(pickLocale(undefined, null)).toBe("en");
    expect(pickLocale(undefined, "")).toBe("en");
    expect(pickLocale(undefined, "ja-JP,fr")).toBe("en");
    expect(pickLocale(undefined, "zh-CN")).toBe("en"); // simplified Chinese is not zh-TW
  });

  it("isLocale accepts exactly the supported tags", () => {
    expect(isLocale("en")).toBe(true);
    expect(isLocale("zh-TW")).toBe(true);
    expect(isLocale("zh")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
