// Amount rules per currency (linepay-v3.md §5). LINE answers 1124 for `100.0`-style TWD amounts,
// so scale is checked before sending; THB/USD scale is undocumented and assumed to be ISO's 2.
import { z } from "zod";

export const currencySchema = z.enum(["TWD", "THB", "USD", "JPY"]);
export type LinePayCurrency = z.infer<typeof currencySchema>;

const DECIMALS: Record<LinePayCurrency, number> = { TWD: 0, JPY: 0, THB: 2, USD: 2 };

export function currencyDecimals(currency: LinePayCurrency): number {
  return DECIMALS[currency];
}

/** True when `amount` has no more decimals than the currency allows (checked on the text JSON emits). */
export function hasCurrencyScale(amount: number, currency: LinePayCurrency): boolean {
  const text = String(amount);
  const decimals = DECIMALS[currency];
  const pattern = decimals === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`);
  return pattern.test(text);
}

/** Exact integer minor units for an amount already known to respect the currency's scale. */
export function toMinorUnits(amount: number, currency: LinePayCurrency): number {
  return Math.round(amount * 10 ** DECIMALS[currency]);
}

/** A finite JSON number small enough to stay exact through arithmetic in minor units. */
export const amountNumberSchema = z.number().refine((n) => Math.abs(n) < 1e13, "is too large");
