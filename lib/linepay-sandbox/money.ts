// Amounts are kept as integers in the currency's smallest unit so sums never drift, and parsed
// from the literal JSON text so `100.0` for TWD is caught like LINE does (1124).

/** Decimal places allowed per currency (§5). THB/USD are unconfirmed; ISO scale 2 is assumed. */
export const CURRENCY_SCALE: Record<string, number> = { TWD: 0, JPY: 0, THB: 2, USD: 2 };

export function isSupportedCurrency(currency: string): boolean {
  return currency in CURRENCY_SCALE;
}

export type MinorAmountResult = { ok: true; minor: number } | { ok: false };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Converts decimal text (as written in the JSON) to minor units, refusing excess decimals. */
export function toMinorUnits(text: string, currency: string): MinorAmountResult {
  const scale = CURRENCY_SCALE[currency] ?? 2;
  const plain = /e/i.test(text) ? expandExponent(text) : text;
  const match = plain === undefined ? null : DECIMAL.exec(plain);
  if (!match) return { ok: false };
  const [, sign = "", whole = "0", fraction = ""] = match;
  if (fraction.length > scale) return { ok: false };
  const minor = Number(whole + fraction.padEnd(scale, "0"));
  if (!Number.isSafeInteger(minor)) return { ok: false };
  return { ok: true, minor: sign === "-" ? -minor : minor };
}

function expandExponent(text: string): string | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  // Number#toString gives plain decimals for the magnitudes that make sense as money.
  const plain = value.toString();
  return /e/i.test(plain) ? undefined : plain;
}

/** Minor units back to the JSON number LINE would send (100 for TWD, 12.5 for THB). */
export function fromMinorUnits(minor: number, currency: string): number {
  const scale = CURRENCY_SCALE[currency] ?? 2;
  return minor / 10 ** scale;
}
