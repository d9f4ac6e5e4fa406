// LINE's envelope on the wire. transactionId, refundTransactionId and originalTransactionId are
// bare 19-digit JSON numbers (beyond 2^53), so they are wrapped in LosslessNumber and written
// with lossless-json instead of JSON.stringify, which cannot emit them without quotes or rounding.
import { LosslessNumber, stringify } from "lossless-json";

export interface Envelope {
  returnCode: string;
  returnMessage: string;
  /** Present only on success, as on the real service. */
  info?: unknown;
}

const DIGITS = /^\d+$/;

/** Marks an id (kept as a string everywhere else) to be written as an unquoted JSON number. */
export function wireId(id: string): LosslessNumber {
  if (!DIGITS.test(id)) throw new Error(`not a numeric id: ${id}`);
  return new LosslessNumber(id);
}

export function envelope(returnCode: string, returnMessage: string, info?: unknown): Envelope {
  return info === undefined ? { returnCode, returnMessage } : { returnCode, returnMessage, info };
}

export function stringifyEnvelope(body: Envelope): string {
  return stringify(body) ?? "{}";
}

/** Plain JSON for the control API and HTTP-level errors (ids there are strings on purpose). */
export function stringifyPlain(value: unknown): string {
  return JSON.stringify(value);
}
