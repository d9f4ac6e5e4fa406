import { describe, expect, it } from "vitest";
import {
  requestPaymentBodySchema,
  type RequestPaymentBody,
} from "@/lib/linepay/request-payment-schema";
import {
  confirmBodySchema,
  payPreapprovedBodySchema,
  paymentDetailsQuerySchema,
  refundOptionsSchema,
  regKeySchema,
  transactionIdSchema,
} from "@/lib/linepay/request-schemas";
import { confirmPaymentInfoSchema, envelopeSchema } from "@/lib/linepay/response-schemas";

const validRequest = (): RequestPaymentBody => ({
  amount: 100,
  currency: "TWD",
  orderId: "ORDER-0001",
  packages: [{ id: "pkg-1", amount: 100, products: [{ name: "Pen", quantity: 2, price: 50 }] }],
  redirectUrls: {
    confirmUrl: "https://example.com/confirm",
    cancelUrl: "https://example.com/cancel",
  },
});

function issuesOf(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("requestPaymentBodySchema", () => {
  it("serialises to the byte-exact body of the signature vector", () => {
    const body = requestPaymentBodySchema.parse(validRequest());
    expect(JSON.stringify(body)).toBe(
      '{"amount":100,"currency":"TWD","orderId":"ORDER-0001","packages":[{"id":"pkg-1","amount":100,"products":[{"name":"Pen","quantity":2,"price":50}]}],"redirectUrls":{"confirmUrl":"https://example.com/confirm","cancelUrl":"https://example.com/cancel"}}',
    );
  });

  it("strips unknown keys at every level so they are never sent", () => {
    const input = validRequest() as unknown as Record<string, unknown> & {
      packages: Record<string, unknown>[];
    };
    input.userId = "u-1";
    input.packages[0]!.secretNote = "x";
    (input.packages[0]!.products as Record<string, unknown>[])[0]!.sku = "internal";
    input.options = {
      payment: { payType: "PREAPPROVED", foo: 1 },
      extras: { branchName: "wrong key" },
    };
    const text = JSON.stringify(requestPaymentBodySchema.parse(input));
    expect(text).not.toMatch(/userId|secretNote|sku|foo|extras/);
    expect(text).toContain('"options":{"payment":{"payType":"PREAPPROVED"}}');
  });

  it("rejects a total that differs from the sum of packages", () => {
    const result = requestPaymentBodySchema.safeParse({ ...validRequest(), amount: 90 });
    expect(issuesOf(result)).toEqual([
      "amount: must equal the sum of packages[].amount (+ userFee)",
    ]);
  });

  it("rejects a package amount that differs from Σ quantity × price", () => {
    const body = validRequest();
    body.packages[0]!.products[0]!.quantity = 3;
    expect(issuesOf(requestPaymentBodySchema.safeParse(body))).toContain(
      "packages.0.amount: must equal the sum of quantity × price of its products",
    );
  });

  it("counts userFee in the total", () => {
    const body = validRequest();
    body.packages[0]!.userFee = 10;
    expect(requestPaymentBodySchema.safeParse(body).success).toBe(false);
    expect(requestPaymentBodySchema.safeParse({ ...body, amount: 110 }).success).toBe(true);
  });

  it("rejects non-integer TWD amounts but accepts two decimals for THB", () => {
    const twd = validRequest();
    twd.amount = 100.5;
    twd.packages[0]!.amount = 100.5;
    twd.packages[0]!.products = [{ name: "Pen", quantity: 1, price: 100.5 }];
    expect(issuesOf(requestPaymentBodySchema.safeParse(twd))).toContain(
      "amount: too many decimals for TWD",
    );
    expect(requestPaymentBodySchema.safeParse({ ...twd, currency: "THB" }).success).toBe(true);

    // 0.1 + 0.2 style float noise must not slip through as a THB amount.
    const thb = { ...twd, currency: "THB" as const, amount: 0.1 + 0.2 };
    thb.packages = [
      { id: "p", amount: 0.1 + 0.2, products: [{ name: "x", quantity: 1, price: 0.1 + 0.2 }] },
    ];
    expect(requestPaymentBodySchema.safeParse(thb).success).toBe(false);
  });

  it("sums THB decimals exactly", () => {
    const body = {
      ...validRequest(),
      currency: "THB" as const,
      amount: 0.3,
      packages: [
        {
          id: "p",
          amount: 0.3,
          products: [
            { name: "x", quantity: 1, price: 0.1 },
            { name: "y", quantity: 1, price: 0.2 },
          ],
        },
      ],
    };
    expect(requestPaymentBodySchema.safeParse(body).success).toBe(true);
  });

  it("rejects empty packages, empty products, zero or negative amounts", () => {
    expect(requestPaymentBodySchema.safeParse({ ...validRequest(), packages: [] }).success).toBe(
      false,
    );
    const noProducts = validRequest();
    noProducts.packages[0]!.products = [];
    expect(requestPaymentBodySchema.safeParse(noProducts).success).toBe(false);
    const zero = validRequest();
    zero.amount = 0;
    zero.packages[0]!.amount = 0;
    zero.packages[0]!.products[0]!.price = 0;
    expect(requestPaymentBodySchema.safeParse(zero).success).toBe(false);
  });

  it("rejects an orderId longer than 100 characters and a package id longer than 50", () => {
    expect(
      requestPaymentBodySchema.safeParse({ ...validRequest(), orderId: "x".repeat(100) }).success,
    ).toBe(true);
    expect(
      issuesOf(
        requestPaymentBodySchema.safeParse({ ...validRequest(), orderId: "x".repeat(101) }),
      )[0],
    ).toMatch(/^orderId:/);
    const longPackageId = validRequest();
    longPackageId.packages[0]!.id = "p".repeat(51);
    expect(requestPaymentBodySchema.safeParse(longPackageId).success).toBe(false);
  });

  it("requires confirm/cancel URLs unless confirmUrlType is NONE", () => {
    expect(
      requestPaymentBodySchema.safeParse({ ...validRequest(), redirectUrls: {} }).success,
    ).toBe(false);
    expect(
      requestPaymentBodySchema.safeParse({
        ...validRequest(),
        redirectUrls: { confirmUrlType: "NONE" },
      }).success,
    ).toBe(true);
  });

  it("rejects an unknown currency", () => {
    expect(requestPaymentBodySchema.safeParse({ ...validRequest(), currency: "EUR" }).success).toBe(
      false,
    );
  });
});

describe("other request schemas", () => {
  it("confirm body is re-serialised in LINE's key order with unknown keys dropped", () => {
    const body = confirmBodySchema.parse({ currency: "TWD", amount: 100, orderId: "not sent" });
    expect(JSON.stringify(body)).toBe('{"amount":100,"currency":"TWD"}');
    expect(confirmBodySchema.safeParse({ amount: 100.0000001, currency: "TWD" }).success).toBe(
      false,
    );
  });

  it("refund refuses 0 (some SDKs turn it into a full refund) and decimals without a decimal currency", () => {
    expect(refundOptionsSchema.safeParse({ refundAmount: 0 }).success).toBe(false);
    expect(refundOptionsSchema.safeParse({ refundAmount: 20.5 }).success).toBe(false);
    expect(refundOptionsSchema.safeParse({ refundAmount: 20.5, currency: "USD" }).success).toBe(
      true,
    );
    expect(refundOptionsSchema.safeParse({}).success).toBe(true);
  });

  it("pay-preapproved body matches the signed vector order", () => {
    const body = payPreapprovedBodySchema.parse({
      capture: true,
      orderId: "SUB-0001",
      currency: "TWD",
      amount: 100,
      productName: "Plan",
    });
    expect(JSON.stringify(body)).toBe(
      '{"productName":"Plan","amount":100,"currency":"TWD","orderId":"SUB-0001","capture":true}',
    );
  });

  it("details query needs 1–100 ids", () => {
    expect(paymentDetailsQuerySchema.safeParse({}).success).toBe(false);
    const ids = Array.from({ length: 100 }, (_, i) => String(2018082512345678000n + BigInt(i)));
    expect(paymentDetailsQuerySchema.safeParse({ transactionIds: ids }).success).toBe(true);
    expect(
      paymentDetailsQuerySchema.safeParse({ transactionIds: ids, orderIds: ["A"] }).success,
    ).toBe(false);
  });

  it("ids and regKeys that could alter a URL path are refused", () => {
    expect(transactionIdSchema.safeParse("2021121300698360310").success).toBe(true);
    for (const bad of ["", "12345678901234567890", "1/../2", "1e5", " 1"])
      expect(transactionIdSchema.safeParse(bad).success).toBe(false);
    expect(regKeySchema.safeParse("RK9A2BA1937EQTO").success).toBe(true);
    for (const bad of ["", "RK/../x", "RK%2F", "RK 1", "a".repeat(65)])
      expect(regKeySchema.safeParse(bad).success).toBe(false);
  });
});

describe("response schemas", () => {
  it("accept both envelope shapes", () => {
    expect(envelopeSchema.parse({ returnCode: "1172", returnMessage: "x" })).toEqual({
      returnCode: "1172",
      returnMessage: "x",
      info: undefined,
    });
    expect(
      envelopeSchema.parse({ resultCode: 1104, statusMessage: "Merchant not found." }),
    ).toMatchObject({
      returnCode: "1104",
      returnMessage: "Merchant not found.",
    });
    expect(envelopeSchema.safeParse({ hello: 1 }).success).toBe(false);
  });

  it("confirm info requires a string id (never a rounded number)", () => {
    // eslint-disable-next-line no-loss-of-precision -- the point: a 19-digit id as a JSON number is rounded
    const info = { orderId: "O", transactionId: 2021121300698360310, payInfo: [] };
    expect(confirmPaymentInfoSchema.safeParse(info).success).toBe(false);
    expect(
      confirmPaymentInfoSchema.parse({ ...info, transactionId: "2021121300698360310" })
        .transactionId,
    ).toBe("2021121300698360310");
  });
});
