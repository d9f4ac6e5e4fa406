// Request API body (linepay-v3.md §3.1). Parsing through this schema strips unknown keys and fixes
// key order, so the string we sign is built only from fields LINE documents.
import { z } from "zod";
import {
  amountNumberSchema,
  currencySchema,
  hasCurrencyScale,
  toMinorUnits,
} from "./currency-amounts";

const productSchema = z.object({
  id: z.string().min(1).max(50).optional(),
  name: z.string().min(1).max(4000),
  imageUrl: z.string().max(500).optional(),
  quantity: z.number().int().positive(),
  // 0 is allowed for a free item shown on the payment page; the totals must still add up.
  price: amountNumberSchema.nonnegative(),
  originalPrice: amountNumberSchema.nonnegative().optional(),
});

const packageSchema = z.object({
  id: z.string().min(1).max(50),
  amount: amountNumberSchema.positive(),
  userFee: amountNumberSchema.nonnegative().optional(),
  name: z.string().max(100).optional(),
  products: z.array(productSchema).min(1),
});

const redirectUrlsSchema = z
  .object({
    confirmUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    cancelUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    confirmUrlType: z.enum(["CLIENT", "SERVER", "NONE"]).optional(),
    appPackageName: z.string().max(4000).optional(),
  })
  .refine(
    (urls) =>
      urls.confirmUrlType === "NONE" ||
      (urls.confirmUrl !== undefined && urls.cancelUrl !== undefined),
    "confirmUrl and cancelUrl are required unless confirmUrlType is NONE",
  );

const optionsSchema = z.object({
  payment: z
    .object({
      capture: z.boolean().optional(),
      payType: z.enum(["NORMAL", "PREAPPROVED"]).optional(),
    })
    .optional(),
  display: z
    .object({
      locale: z.enum(["en", "ja", "ko", "th", "zh_TW", "zh_CN"]).optional(),
      checkConfirmUrlBrowser: z.boolean().optional(),
    })
    .optional(),
  extra: z
    .object({
      branchName: z.string().max(200).optional(),
      branchId: z.string().max(32).optional(),
      promotionRestriction: z
        .object({
          useLimit: amountNumberSchema.nonnegative(),
          rewardLimit: amountNumberSchema.nonnegative(),
        })
        .partial()
        .optional(),
    })
    .optional(),
});

export const requestPaymentBodySchema = z
  .object({
    amount: amountNumberSchema.positive(),
    currency: currencySchema,
    orderId: z.string().min(1).max(100),
    packages: z.array(packageSchema).min(1),
    redirectUrls: redirectUrlsSchema,
    options: optionsSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const { currency } = body;
    const fail = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const checkScale = (amount: number | undefined, path: (string | number)[]) => {
      if (amount !== undefined && !hasCurrencyScale(amount, currency))
        fail(path, `too many decimals for ${currency}`);
    };
    checkScale(body.amount, ["amount"]);
    let packagesTotal = 0;
    body.packages.forEach((pkg, p) => {
      checkScale(pkg.amount, ["packages", p, "amount"]);
      checkScale(pkg.userFee, ["packages", p, "userFee"]);
      let productsTotal = 0;
      pkg.products.forEach((product, i) => {
        checkScale(product.price, ["packages", p, "products", i, "price"]);
        checkScale(product.originalPrice, ["packages", p, "products", i, "originalPrice"]);
        productsTotal += product.quantity * toMinorUnits(product.price, currency);
      });
      if (productsTotal !== toMinorUnits(pkg.amount, currency)) {
        fail(["packages", p, "amount"], "must equal the sum of quantity × price of its products");
      }
      packagesTotal +=
        toMinorUnits(pkg.amount, currency) + toMinorUnits(pkg.userFee ?? 0, currency);
    });
    if (packagesTotal !== toMinorUnits(body.amount, currency)) {
      fail(["amount"], "must equal the sum of packages[].amount (+ userFee)");
    }
  });

/** What callers pass (before defaults/stripping). */
export type RequestPaymentBody = z.input<typeof requestPaymentBodySchema>;
