// LINE Pay sends transaction ids as bare 19-digit JSON numbers; JSON.parse rounds them
// (2021121300698360310 → 2021121300698360300), so every response goes through this parser instead.
import {
  getUnsafeNumberReason,
  isLosslessNumber,
  LosslessNumber,
  parse,
  UnsafeNumberReason,
} from "lossless-json";

/** Keys whose values are ids: kept as the decimal text LINE sent, wherever they are nested. */
const ID_KEYS: ReadonlySet<string> = new Set([
  "transactionId",
  "refundTransactionId",
  "originalTransactionId",
]);

/**
 * Parses a LINE Pay response body. Id keys become digit-for-digit strings; other numbers become JS
 * numbers, except integers too large to be exact, which stay strings so a schema expecting a number
 * rejects them loudly instead of a silently rounded value getting through.
 * Throws SyntaxError on invalid JSON.
 */
export function parseLinePayJson(text: string): unknown {
  return parse(text, (key, value) => {
    if (!isLosslessNumber(value)) return value;
    if (ID_KEYS.has(key)) return value.toString();
    return toJsNumber(value);
  });
}

function toJsNumber(value: LosslessNumber): number | string {
  const text = value.toString();
  const unsafe = getUnsafeNumberReason(text);
  // A float that only loses digits past double precision (e.g. 0.1) is fine as a number.
  if (unsafe === undefined || unsafe === UnsafeNumberReason.truncate_float) return Number(text);
  return text;
}
