// What the app may ask for, checked before anything is sent. Limits are the spec's as quoted in
// the notes (§7.1); PrdtName is capped at 60 *bytes*, the stricter of the two readings there.
import { z } from "zod";

const NO_QUOTES_OR_PERCENT = /^[^'"%]*$/;

const orderNo = z.string().min(1).max(50).regex(NO_QUOTES_OR_PERCENT, "no ', \" or %");
const url = z
  .string()
  .max(255)
  .regex(/^https?:\/\//, "http(s) URL");

const baseOrder = z.object({
  orderNo,
  /** Whole NT$. */
  amountTwd: z.number().int().positive(),
  productName: z
    .string()
    .min(1)
    .regex(NO_QUOTES_OR_PERCENT, "no ', \" or %")
    .refine((name) => Buffer.byteLength(name, "utf8") <= 60, "at most 60 bytes"),
  returnUrl: url,
  backendUrl: url.optional(),
  memo: z.string().max(30).regex(NO_QUOTES_OR_PERCENT).optional(),
});

export const cardOrderInputSchema = baseOrder.extend({
  /** Lifetime of CardPayURL; the PHP SDK allows 1–30, default 10. */
  expMinutes: z.number().int().min(1).max(30).default(10),
});

export const atmOrderInputSchema = baseOrder.extend({
  backendUrl: url,
  /** Last day (Taiwan) the account takes a transfer. */
  expireDate: z.date(),
});

export const payTokenSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[0-9A-Za-z_-]+$/, "PayToken characters");

export const orderNoSchema = orderNo;

export type CardOrderInput = z.input<typeof cardOrderInputSchema>;
export type AtmOrderInput = z.input<typeof atmOrderInputSchema>;
