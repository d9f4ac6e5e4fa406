// Dates as shoppers read them: in their language, in the shop's time zone (Asia/Taipei), so a
// period that starts at Taipei midnight never shows as the previous day.
import { SHOP_TIME_ZONE } from "./locales";

/** A calendar day, e.g. "Nov 23, 2026" (en) or "2026年11月23日" (zh-TW); "—" when there is none. */
export function formatDate(date: Date | null, locale: string): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: SHOP_TIME_ZONE }).format(
    date,
  );
}

/** A day and time to the minute, e.g. "Nov 23, 2026, 2:42 AM" or "2026年11月23日 凌晨2:42". */
export function formatDateTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: SHOP_TIME_ZONE,
  }).format(date);
}
