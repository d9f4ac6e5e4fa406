// The languages the shop and the back office speak, and how a request picks one: the shopper's
// own choice (cookie set by the language switch) first, then the browser's Accept-Language.
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";

export const LOCALES = ["en", "zh-TW"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Each language named in itself, so a shopper finds theirs whatever the page is shown in. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "zh-TW": "中文" };

/** Dates are shown in the zone billing periods follow (Asia/Taipei), not the server's or browser's. */
export const SHOP_TIME_ZONE = DEFAULT_BILLING_POLICY.timeZone;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Chooses the locale from the cookie, else the first Accept-Language entry we speak. */
export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    // Any Chinese variant written in traditional script, or Taiwan/Hong Kong, reads zh-TW.
    if (tag === "zh-tw" || tag === "zh-hant" || tag.startsWith("zh-hant-") || tag === "zh-hk")
      return "zh-TW";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return DEFAULT_LOCALE;
}
