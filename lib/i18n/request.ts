// next-intl request configuration (wired in next.config.ts): the locale for this request and its
// messages. Messages are split per namespace file so shop and back-office texts stay apart.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, SHOP_TIME_ZONE, pickLocale, type Locale } from "./locales";
import enAdmin from "./messages/en/admin.json";
import enCommon from "./messages/en/common.json";
import enShop from "./messages/en/shop.json";
import zhAdmin from "./messages/zh-TW/admin.json";
import zhCommon from "./messages/zh-TW/common.json";
import zhShop from "./messages/zh-TW/shop.json";

const MESSAGES: Record<Locale, Record<string, unknown>> = {
  en: { admin: enAdmin, common: enCommon, shop: enShop },
  "zh-TW": { admin: zhAdmin, common: zhCommon, shop: zhShop },
};

export default getRequestConfig(async () => {
  const locale = pickLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    (await headers()).get("accept-language"),
  );
  return { locale, messages: MESSAGES[locale], timeZone: SHOP_TIME_ZONE };
});
