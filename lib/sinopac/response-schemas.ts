// Shapes of the decrypted answers. Loose objects: SinoPac adds fields over time, and the client
// only relies on the ones below. Amount is a number everywhere except TSResultContent (a string).
import { z } from "zod";

const text = z.string();
const optionalText = z.string().optional();

export const nonceAnswerSchema = z.looseObject({ Nonce: z.string().min(1) });

/** The envelope of a successful /Order answer (top level, plain JSON). */
export const orderEnvelopeSchema = z.looseObject({
  Version: optionalText,
  ShopNo: optionalText,
  APIService: optionalText,
  Sign: z.string().regex(/^[0-9A-Fa-f]{64}$/),
  Nonce: z.string().min(1),
  Message: z.string().min(1),
});

export const commonAnswerSchema = z.looseObject({
  Status: z.string(),
  Description: z.string().default(""),
});

export const orderCreateAnswerSchema = z.looseObject({
  OrderNo: text,
  ShopNo: text,
  TSNo: text,
  Amount: z.number(),
  PayType: z.enum(["A", "C"]),
  ATMParam: z
    .looseObject({
      AtmPayNo: z.string().regex(/^\d{10,16}$/),
      WebAtmURL: optionalText,
      OtpURL: optionalText,
    })
    .optional(),
  CardParam: z.looseObject({ CardPayURL: z.string().url() }).optional(),
});

export const payQueryAnswerSchema = z.looseObject({
  ShopNo: text,
  PayToken: text,
  Date: optionalText,
  TSResultContent: z.looseObject({
    APType: optionalText,
    TSNo: text,
    OrderNo: text,
    ShopNo: optionalText,
    PayType: text,
    Amount: z.union([z.string(), z.number()]),
    Status: text,
    Description: optionalText,
    PayDate: optionalText,
    LeftCCNo: optionalText,
    RightCCNo: optionalText,
  }),
});

export const orderListEntrySchema = z.looseObject({
  OrderNo: text,
  TSNo: text,
  TSDate: optionalText,
  PayDate: optionalText,
  ApprovedDate: optionalText,
  Amount: z.union([z.number(), z.string()]),
  PayType: text,
  PayStatus: optionalText,
  ExpireDate: optionalText,
  RefundFlag: optionalText,
  ATMParam: z.looseObject({ AtmPayNo: optionalText, BankNo: optionalText }).optional(),
});

export const orderQueryAnswerSchema = z.looseObject({
  ShopNo: optionalText,
  Date: optionalText,
  OrderList: z.array(orderListEntrySchema).default([]),
});

export type OrderListEntryWire = z.infer<typeof orderListEntrySchema>;
