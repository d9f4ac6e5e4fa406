// Wire formats: Amount is NT$ × 100 (two implied decimals); times are Taiwan local (UTC+8, no
// daylight saving) as yyyyMMddHHmm, ExpireDate as yyyyMMdd. UTC+8 is inferred by the notes
// (UNCONFIRMED); it is the reading under which the bank's captures line up with their dates.
const TAIWAN_OFFSET_MS = 8 * 60 * 60 * 1000;

export function toWireAmount(amountTwd: number): number {
  if (!Number.isSafeInteger(amountTwd) || amountTwd <= 0)
    throw new RangeError("amount must be a positive whole number of NT$");
  return amountTwd * 100;
}

/** Accepts the number (OrderCreate, OrderQuery) and the string (TSResultContent) forms. */
export function fromWireAmount(wire: number | string): number | undefined {
  const value = typeof wire === "string" ? Number(wire.trim()) : wire;
  if (!Number.isSafeInteger(value) || value % 100 !== 0) return undefined;
  return value / 100;
}

function taiwanParts(at: Date): string {
  return new Date(at.getTime() + TAIWAN_OFFSET_MS).toISOString().replace(/\D/g, "");
}

export function toWireDateTime(at: Date): string {
  return taiwanParts(at).slice(0, 12);
}

export function toWireDate(at: Date): string {
  return taiwanParts(at).slice(0, 8);
}

/** `yyyyMMddHHmm` (Taiwan) → Date, or undefined for anything else. */
export function fromWireDateTime(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text?.trim() ?? "");
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi) - TAIWAN_OFFSET_MS);
}

/** The end of a Taiwan calendar day `yyyyMMdd`: the bank keeps an ATM account open to 23:59. */
export function endOfWireDate(date: string): Date {
  const at = fromWireDateTime(`${date}2359`);
  if (!at) throw new RangeError(`not a yyyyMMdd date: ${date}`);
  return new Date(at.getTime() + 59_999);
}
