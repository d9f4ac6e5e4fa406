// Money is an integer count of the currency's smallest unit plus an ISO 4217 code. LINE Pay's wire
// amounts are in major units, so conversion happens only at the LINE Pay border.

/** Decimal places per currency LINE Pay accepts (TWD and JPY have none; linepay-v3.md §5). */
const CURRENCY_EXPONENT: Record<string, number> = { TWD: 0, JPY: 0, THB: 2, USD: 2 };

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_EXPONENT);

export function currencyExponent(currency: string): number {
  // Own keys only: "__proto__" or "toString" must not read Object.prototype.
  const exponent = Object.hasOwn(CURRENCY_EXPONENT, currency)
    ? CURRENCY_EXPONENT[currency]
    : undefined;
  if (exponent === undefined) throw new RangeError(`Unsupported currency ${currency}`);
  return exponent;
}

/** Minor units → the number LINE Pay expects (TWD 300 → 300; USD 1999 → 19.99). */
export function toLinePayAmount(amountMinor: number, currency: string): number {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError("amountMinor must be an integer");
  return amountMinor / 10 ** currencyExponent(currency);
}

/** LINE Pay amount → minor units, refusing amounts with more decimals than the currency has. */
export function fromLinePayAmount(amount: number, currency: string): number {
  const minor = Math.round(amount * 10 ** currencyExponent(currency));
  if (Math.abs(minor / 10 ** currencyExponent(currency) - amount) > 1e-9) {
    throw new RangeError(`${amount} has too many decimals for ${currency}`);
  }
  return minor;
}

/**
 * The one display form for amounts, per locale and currency: "NT$300" for TWD (never "300.00"),
 * "$19.99" / "US$19.99" for USD. Intl's zh-TW writes TWD as a bare "$300"; we keep "NT$" in every
 * language so a TWD price cannot be read as US dollars next to a USD one.
 */
export function formatMoney(amountMinor: number, currency: string, locale = "en"): string {
  const exponent = currencyExponent(currency);
  const parts = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).formatToParts(amountMinor / 10 ** exponent);
  return parts
    .map((part) => (part.type === "currency" && currency === "TWD" ? "NT$" : part.value))
    .join("");
}

/**
 * A typed amount in major units ("300", "19.99") → minor units, or null when it is not a plain
 * positive-or-zero decimal with at most the currency's decimals ("299.5" TWD is refused, not rounded).
 */
export function parseAmountToMinor(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return null;
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
}

/** Minor units for a typed major-unit amount in one currency, rounded the way a person means it. */
export function amountToMinor(amount: string, currency: string, bound: "min" | "max"): number {
  const exponent = currencyExponent(currency);
  const scaled = Number(amount) * 10 ** exponent;
  // "min 19.995" can't exist after validation, but a 0-decimal currency given "299.5" can:
  // min rounds up (299.5 TWD → at least 300), max rounds down.
  return bound === "min" ? Math.ceil(scaled - 1e-9) : Math.floor(scaled + 1e-9);
}
