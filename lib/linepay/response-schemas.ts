// Response envelope and success `info` shapes (linepay-v3.md §3, §4.1). Ids arrive here as decimal
// strings from parseLinePayJson; a schema failure after a success code is reported as "unknown".
import { z } from "zod";

const idSchema = z.string().regex(/^\d{1,19}$/);
/** Some merchants send numeric orderIds and get them back as numbers; we always hand out text. */
const textSchema = z.union([z.string(), z.number().transform(String)]);
const codeSchema = z.union([
  z.string(),
  z
    .number()
    .int()
    .nonnegative()
    .transform((n) => String(n).padStart(4, "0")),
]);

/** Both documented shapes: the usual one, and `{resultCode, statusMessage}` seen on auth failures. */
export const envelopeSchema = z.union([
  z
    .object({
      returnCode: codeSchema,
      returnMessage: z.string().optional(),
      info: z.unknown().optional(),
    })
    .transform((e) => ({ returnCode: e.returnCode, returnMessage: e.returnMessage, info: e.info })),
  z.object({ resultCode: codeSchema, statusMessage: z.string().optional() }).transform((e) => ({
    returnCode: e.resultCode,
    returnMessage: e.statusMessage,
    info: undefined as unknown,
  })),
]);
export type LinePayEnvelope = z.output<typeof envelopeSchema>;

const payInfoSchema = z.object({
  method: z.string(),
  amount: z.number(),
  creditCardNickname: z.string().optional(),
  creditCardBrand: z.string().optional(),
  maskedCreditCardNumber: z.string().optional(),
});

const packageInfoSchema = z.looseObject({ id: z.string(), amount: z.number() });

export const requestPaymentInfoSchema = z.object({
  transactionId: idSchema,
  paymentAccessToken: textSchema.optional(),
  paymentUrl: z.object({ web: z.string().min(1), app: z.string().optional() }),
});
export type RequestPaymentInfo = z.output<typeof requestPaymentInfoSchema>;

export const confirmPaymentInfoSchema = z.object({
  orderId: textSchema,
  transactionId: idSchema,
  authorizationExpireDate: z.string().optional(),
  /** Only for PREAPPROVED requests: treat like a credential. */
  regKey: z.string().optional(),
  payInfo: z.array(payInfoSchema).default([]),
  packages: z.array(packageInfoSchema).optional(),
});
export type ConfirmPaymentInfo = z.output<typeof confirmPaymentInfoSchema>;

export const capturePaymentInfoSchema = z.object({
  orderId: textSchema.optional(),
  transactionId: idSchema,
  payInfo: z.array(payInfoSchema).default([]),
});
export type CapturePaymentInfo = z.output<typeof capturePaymentInfoSchema>;

export const refundPaymentInfoSchema = z.object({
  refundTransactionId: idSchema,
  refundTransactionDate: z.string(),
});
export type RefundPaymentInfo = z.output<typeof refundPaymentInfoSchema>;

const refundEntrySchema = z.object({
  refundTransactionId: idSchema,
  transactionType: z.enum(["PARTIAL_REFUND", "PAYMENT_REFUND"]),
  /** Negative, e.g. -20. */
  refundAmount: z.number(),
  refundTransactionDate: z.string(),
});

export const paymentDetailsEntrySchema = z.object({
  transactionId: idSchema,
  transactionDate: z.string(),
  transactionType: z.enum(["PAYMENT", "PAYMENT_REFUND", "PARTIAL_REFUND"]),
  payStatus: z
    .enum(["AUTHORIZATION", "CAPTURE", "VOIDED_AUTHORIZATION", "EXPIRED_AUTHORIZATION"])
    .optional(),
  orderId: textSchema.optional(),
  productName: z.string().optional(),
  merchantName: z.string().optional(),
  currency: z.string().optional(),
  authorizationExpireDate: z.string().optional(),
  payInfo: z.array(payInfoSchema).default([]),
  refundList: z.array(refundEntrySchema).optional(),
  /** Present when the queried id is a refund. */
  originalTransactionId: idSchema.optional(),
  packages: z.array(packageInfoSchema).optional(),
});
export type PaymentDetailsEntry = z.output<typeof paymentDetailsEntrySchema>;

export const paymentDetailsInfoSchema = z.array(paymentDetailsEntrySchema);

export const payPreapprovedInfoSchema = z.object({
  transactionId: idSchema,
  transactionDate: z.string(),
  authorizationExpireDate: z.string().optional(),
  orderId: textSchema.optional(),
});
export type PayPreapprovedInfo = z.output<typeof payPreapprovedInfoSchema>;
