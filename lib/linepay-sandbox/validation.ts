// Shared checks that turn bad input into LINE return codes (2101 parameters, 1124 amount scale,
// 1178 currency).
import { isLosslessNumber } from "lossless-json";
import type { z } from "zod";
import { envelope, type Envelope } from "./json";
import { CURRENCY_SCALE, isSupportedCurrency, toMinorUnits } from "./money";
import type { ResolvedChannel } from "./options";
import { describeIssues } from "./schemas";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: Envelope };

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: parameterError(describeIssues(result.error)) };
}

export function parameterError(detail: string): Envelope {
  return envelope("2101", `Parameter error: ${detail}`);
}

/** Decimal text → minor units; too many decimals for the currency is LINE's 1124. */
export function minorAmount(text: string, currency: string, field: string): Checked<number> {
  const result = toMinorUnits(text, currency);
  if (result.ok) return { ok: true, value: result.minor };
  const scale = CURRENCY_SCALE[currency] ?? 2;
  const allowed = scale === 0 ? "an integer" : `at most ${scale} decimal places`;
  return {
    ok: false,
    error: envelope(
      "1124",
      `Error in Amount info: ${field} ${text} must be ${allowed} for ${currency}.`,
    ),
  };
}

/** A channel is contracted for one currency; anything else is 1178. */
export function checkCurrency(currency: string, channel: ResolvedChannel): Envelope | undefined {
  if (isSupportedCurrency(currency) && currency === channel.currency) return undefined;
  return envelope(
    "1178",
    `Currency not supported: ${currency} (this channel accepts ${channel.currency}).`,
  );
}

export const notFound = (): Envelope => envelope("1150", "Transaction record not found.");

/** orderId from a not-yet-validated body, for matching faults (a numeric orderId counts too). */
export function orderIdOf(body: unknown): string | undefined {
  const value = (body as { orderId?: unknown } | null)?.orderId;
  if (isLosslessNumber(value)) return value.value;
  return typeof value === "string" ? value : undefined;
}
