// Bodies and path/query parameters of the calls other than Request (linepay-v3.md §3.3–§3.10).
// Everything that ends up in a URL is pattern-checked so nothing odd reaches a path.
import { z } from "zod";
import { amountNumberSchema, currencySchema, hasCurrencyScale } from "./currency-amounts";

/** Decimal text only: JS numbers cannot hold 19-digit ids (17-digit legacy ids are accepted too). */
export const transactionIdSchema = z.string().regex(/^\d{1,19}$/, "must be 1–19 decimal digits");

/** Observed as `RK` + 13 alphanumerics; length is not documented, so only the alphabet is strict. */
export const regKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9]{1,64}$/, "must be 1–64 letters or digits");

const orderIdSchema = z.string().min(1).max(100);

const scaleIssue = (path: string, currency: string) => ({
  code: "custom" as const,
  path: [path],
  message: `too many decimals for ${currency}`,
});

export const confirmBodySchema = z
  .object({ amount: amountNumberSchema.positive(), currency: currencySchema })
  .superRefine((b, ctx) => {
    if (!hasCurrencyScale(b.amount, b.currency)) ctx.addIssue(scaleIssue("amount", b.currency));
  });
export type ConfirmBody = z.input<typeof confirmBodySchema>;

export const captureBodySchema = z
  .object({
    amount: amountNumberSchema.positive(),
    currency: currencySchema,
    options: z
      .object({
        extra: z.object({
          promotionRestriction: z
            .object({
              useLimit: amountNumberSchema.nonnegative(),
              rewardLimit: amountNumberSchema.nonnegative(),
            })
            .partial(),
        }),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (!hasCurrencyScale(b.amount, b.currency)) ctx.addIssue(scaleIssue("amount", b.currency));
  });
export type CaptureBody = z.input<typeof captureBodySchema>;

/**
 * Refund options. `refundAmount` omitted = full refund of what remains; 0 is refused because some
 * SDKs turn "0" into a full refund. `currency` is never sent: it only sets the allowed scale, and
 * without it the amount must be an integer (TWD/JPY), the safe default.
 */
export const refundOptionsSchema = z
  .object({
    refundAmount: amountNumberSchema.positive().optional(),
    currency: currencySchema.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.refundAmount !== undefined && !hasCurrencyScale(o.refundAmount, o.currency ?? "TWD")) {
      ctx.addIssue(scaleIssue("refundAmount", o.currency ?? "a currency without decimals"));
    }
  });
export type RefundOptions = z.input<typeof refundOptionsSchema>;

export const payPreapprovedBodySchema = z
  .object({
    productName: z.string().min(1).max(4000),
    amount: amountNumberSchema.positive(),
    currency: currencySchema,
    orderId: orderIdSchema,
    capture: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (!hasCurrencyScale(b.amount, b.currency)) ctx.addIssue(scaleIssue("amount", b.currency));
  });
export type PayPreapprovedBody = z.input<typeof payPreapprovedBodySchema>;

/** LINE answers 1177 above 100 results; we refuse before sending. */
export const paymentDetailsQuerySchema = z
  .object({
    transactionIds: z.array(transactionIdSchema).max(100).optional(),
    orderIds: z.array(orderIdSchema).max(100).optional(),
    fields: z.enum(["TRANSACTION", "ORDER", "ALL"]).optional(),
  })
  .superRefine((q, ctx) => {
    const count = (q.transactionIds?.length ?? 0) + (q.orderIds?.length ?? 0);
    if (count === 0)
      ctx.addIssue({
        code: "custom",
        message: "at least one transactionId or orderId is required",
      });
    if (count > 100) ctx.addIssue({ code: "custom", message: "at most 100 ids per call" });
  });
export type PaymentDetailsQuery = z.input<typeof paymentDetailsQuerySchema>;
