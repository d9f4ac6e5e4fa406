// The message files stay in step: every shop and common text exists in every language, and every
// status the pages can show has words.
import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "@/lib/billing/order-status";
import { SUBSCRIPTION_STATUSES } from "@/lib/billing/subscription-status";
import { explainOrderStatus } from "@/lib/billing/explain-order-status";
import { explainSubscriptionStatus } from "@/lib/subscriptions/explain-subscription";
import enCommon from "@/lib/i18n/messages/en/common.json";
import enNotices from "@/lib/i18n/messages/en/notices.json";
import enShop from "@/lib/i18n/messages/en/shop.json";
import zhCommon from "@/lib/i18n/messages/zh-TW/common.json";
import zhNotices from "@/lib/i18n/messages/zh-TW/notices.json";
import zhShop from "@/lib/i18n/messages/zh-TW/shop.json";

type Tree = { [key: string]: string | Tree };

/** Every leaf key path; `plans.catalog` is optional per language (the database text is the fallback). */
function keysOf(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (path === "plans.catalog") return [];
    return typeof value === "string" ? [path] : keysOf(value, path);
  });
}

function lookup(tree: Tree, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
}

const LANGUAGES = {
  en: { common: enCommon, notices: enNotices, shop: enShop },
  "zh-TW": { common: zhCommon, notices: zhNotices, shop: zhShop },
};

describe("message files", () => {
  it("have the same keys in every language", () => {
    expect(keysOf(zhCommon).sort()).toEqual(keysOf(enCommon).sort());
    expect(keysOf(zhShop as Tree).sort()).toEqual(keysOf(enShop as Tree).sort());
    expect(keysOf(zhNotices as Tree).sort()).toEqual(keysOf(enNotices as Tree).sort());
  });

  it("have no empty texts", () => {
    for (const [language, files] of Object.entries(LANGUAGES)) {
      for (const [namespace, tree] of Object.entries(files)) {
        for (const key of keysOf(tree)) {
          expect(
            String(lookup(tree as Tree, key)).trim(),
            `${language}/${namespace}.${key}`,
          ).not.toBe("");
        }
      }
    }
  });

  it("explain and label every order and subscription status in every language", () => {
    for (const { shop } of Object.values(LANGUAGES)) {
      for (const status of ORDER_STATUSES) {
        const { titleKey, messageKey } = explainOrderStatus(status);
        expect(typeof lookup(shop as Tree, titleKey)).toBe("string");
        expect(typeof lookup(shop as Tree, messageKey)).toBe("string");
        expect(typeof lookup(shop as Tree, `status.order.${status}`)).toBe("string");
      }
      for (const status of SUBSCRIPTION_STATUSES) {
        expect(typeof lookup(shop as Tree, explainSubscriptionStatus(status))).toBe("string");
        expect(typeof lookup(shop as Tree, `status.subscription.${status}`)).toBe("string");
      }
    }
  });
});
