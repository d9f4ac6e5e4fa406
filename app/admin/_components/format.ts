// Dates and amounts as the back office shows them: in the business's time zone and the admin's
// language, TWD without decimals (formatMoney knows each currency's decimals).
import { formatMoney } from "@/lib/billing/money";
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";

export const BUSINESS_TIME_ZONE = DEFAULT_BILLING_POLICY.timeZone;

export function formatDateTime(at: Date | null | undefined, locale: string): string {
  if (!at) return "—";
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: BUSINESS_TIME_ZONE,
    hourCycle: "h23",
  }).format(at);
}

export function formatAmount(amountMinor: number, currency: string, locale: string): string {
  return formatMoney(amountMinor, currency, locale);
}
