// The language a request is in, read the way next-intl reads it (lib/i18n/request.ts): the
// shopper's choice in the NEXT_LOCALE cookie, else the browser's Accept-Language.
import { LOCALE_COOKIE, pickLocale, type Locale } from "@/lib/i18n/locales";

export function requestLocale(request: Request): Locale {
  const cookies = (request.headers.get("cookie") ?? "").split(";");
  const chosen = cookies
    .map((pair) => pair.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return pickLocale(
    chosen === undefined ? undefined : decodeURIComponent(chosen),
    request.headers.get("accept-language"),
  );
}
