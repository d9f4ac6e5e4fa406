// Request bodies, validated leniently like LINE: unknown keys are ignored, numbers may arrive as
// numeric strings (WPBrewer sends "100") and orderId as a number. Bodies are parsed with
// lossless-json, so numbers arrive as LosslessNumber and keep their literal text for scale checks.
import { LosslessNumber } from "lossless-json";
import { z } from "zod";

/** zod error text: "is required" when absent, `message` when present but wrong. */
const expect = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : message;

/** Any JSON number or numeric string → its decimal text (converted to minor units later). */
const decimal = z.union(
  [
    z.instanceof(LosslessNumber).transform((n) => n.value),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, "must be a number"),
  ],
  { error: expect("must be a number") },
);

const text = (max: number) =>
  z
    .union([z.string(), z.instanceof(LosslessNumber).transform((n) => n.value)], {
      error: expect("must be a string"),
    })
    .pipe(z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`));

const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], {
  error: expect("must be a boolean"),
});

const currency = z
  .string({ error: expect("must be a string") })
  .regex(/^[A-Z]{3}$/, "must be a 3-letter ISO 4217 code");

const payType = z.enum(["NORMAL", "PREAPPROVED"], { error: "must be NORMAL or PREAPPROVED" });

const httpUrl = text(500).refine(
  (v) => /^https?:\/\/[^\s/?#]+/i.test(v),
  "must be an absolute http(s) URL",
);

const object = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape, { error: expect("must be a JSON object") });

const product = object({
  id: text(50).optional(),
  name: text(4000),
  imageUrl: text(500).optional(),
  quantity: decimal,
  price: decimal,
  originalPrice: decimal.optional(),
});

const paymentPackage = object({
  id: text(50),
  amount: decimal,
  userFee: decimal.optional(),
  name: text(100).optional(),
  products: z
    .array(product, { error: expect("must be an array") })
    .min(1, "must contain at least one product"),
});

export const requestBodySchema = object({
  amount: decimal,
  currency,
  orderId: text(100),
  packages: z
    .array(paymentPackage, { error: expect("must be an array") })
    .min(1, "must contain at least one package"),
  redirectUrls: object({
    confirmUrl: httpUrl.optional(),
    cancelUrl: httpUrl.optional(),
    confirmUrlType: z
      .enum(["CLIENT", "SERVER", "NONE"], { error: "must be CLIENT, SERVER or NONE" })
      .optional(),
    appPackageName: text(4000).optional(),
  }),
  options: object({
    payment: object({ capture: flag.optional(), payType: payType.optional() }).optional(),
  }).optional(),
}).superRefine((body, ctx) => {
  // confirmUrl/cancelUrl may only be omitted when LINE never redirects (NONE).
  if (body.redirectUrls.confirmUrlType === "NONE") return;
  for (const key of ["confirmUrl", "cancelUrl"] as const) {
    if (!body.redirectUrls[key])
      ctx.addIssue({ code: "custom", path: ["redirectUrls", key], message: "is required" });
  }
});

export const confirmBodySchema = object({ amount: decimal, currency });
export const captureBodySchema = object({ amount: decimal, currency });
export const refundBodySchema = object({ refundAmount: decimal.optional() });

export const preapprovedPaymentBodySchema = object({
  productName: text(4000),
  amount: decimal,
  currency,
  orderId: text(100),
  capture: flag.optional(),
});

export type RequestBody = z.infer<typeof requestBodySchema>;

/** One readable line for a 2101 returnMessage, e.g. "packages[0].amount: must be a number". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, part) =>
          typeof part === "number"
            ? `${acc}[${part}]`
            : acc
              ? `${acc}.${String(part)}`
              : String(part),
        "",
      );
      return `${path || "body"}: ${issue.message}`;
    })
    .join("; ");
}
