// Taiwan local time (UTC+8, inferred by the notes) in the wire formats, and ×100 amounts.
const TW = 8 * 60 * 60 * 1000;

const digits = (at: Date) => new Date(at.getTime() + TW).toISOString().replace(/\D/g, "");

export const wireDateTime = (at: Date) => digits(at).slice(0, 12);
export const wireDate = (at: Date) => digits(at).slice(0, 8);

export function parseWireDateTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi) - TW);
  return wireDateTime(at) === text ? at : undefined;
}

/** ExpireDate `yyyyMMdd` → the last instant of 23:59 that day, Taiwan time (as OrderQuery shows). */
export function endOfWireDay(date: string): Date | undefined {
  if (!/^\d{8}$/.test(date)) return undefined;
  const at = parseWireDateTime(`${date}2359`);
  return at ? new Date(at.getTime() + 59_999) : undefined;
}
