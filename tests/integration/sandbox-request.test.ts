import { parse } from "lossless-json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idText } from "../helpers/raw-linepay";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

const post = (body: unknown) => t.client.post("/v3/payments/request", body);

describe("Request: response on the wire", () => {
  it("returns transactionId as a bare 19-digit number beyond 2^53 that survives a lossless parse", async () => {
    const res = await post(t.requestBody());
    expect(res.status).toBe(200);
    expect(res.body.returnCode).toBe("0000");
    const match = /"transactionId":(\d+)[,}]/.exec(res.text);
    expect(match, res.text).not.toBeNull();
    const digits = match?.[1] ?? "";
    expect(digits).toHaveLength(19);
    expect(BigInt(digits) > 2n ** 53n).toBe(true);
    const lossless = parse(res.text) as { info: { transactionId: unknown } };
    expect(idText(lossless.info.transactionId)).toBe(digits);
    // Plain JSON.parse corrupts it: exactly the client bug the sandbox must surface.
    expect(
      String(
        BigInt((JSON.parse(res.text) as { info: { transactionId: number } }).info.transactionId),
      ),
    ).not.toBe(digits);
  });

  it("returns paymentUrl.web on the sandbox page, paymentUrl.app as a line:// link and a 12-digit access token", async () => {
    const { info } = await t.requestPayment();
    const web = new URL(info.paymentUrl.web);
    expect(`${web.origin}${web.pathname}`).toBe(`${t.sandbox.publicUrl}/web/payment/wait`);
    const token = web.searchParams.get("transactionReserveId") ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(info.paymentUrl.app).toBe(`line://pay/payment/${token}`);
    expect(info.paymentAccessToken).toMatch(/^\d{12}$/);
  });

  it("is lenient like LINE: numeric strings, numeric orderId and unknown keys are accepted", async () => {
    const body = t.requestBody({
      amount: "100",
      packages: [
        {
          id: "p",
          amount: "100",
          products: [{ name: "x", quantity: "2", price: "50", extraKey: 1 }],
        },
      ],
      somethingNew: { nested: true },
    });
    expect((await post(body)).returnCode).toBe("0000");
    expect((await post(t.requestBody({ orderId: 987654321 }))).returnCode).toBe("0000");
  });

  it("accepts userFee in the total, PREAPPROVED, capture=false and confirmUrlType NONE without URLs", async () => {
    const withFee = t.requestBody({
      amount: 110,
      packages: [
        { id: "p", amount: 100, userFee: 10, products: [{ name: "x", quantity: 1, price: 100 }] },
      ],
    });
    expect((await post(withFee)).returnCode).toBe("0000");
    const options = { payment: { payType: "PREAPPROVED", capture: false } };
    expect((await post(t.requestBody({ options }))).returnCode).toBe("0000");
    expect(
      (await post(t.requestBody({ redirectUrls: { confirmUrlType: "NONE" } }))).returnCode,
    ).toBe("0000");
  });
});

describe("Request: validation codes", () => {
  it("answers 2101 naming the missing or malformed fields", async () => {
    const res = await post({ currency: "TWD", orderId: "X", packages: [], redirectUrls: {} });
    expect(res.returnCode).toBe("2101");
    expect(res.body.returnMessage).toContain("amount: is required");
    const enumError = await post(
      t.requestBody({
        redirectUrls: {
          confirmUrl: "https://a.example/c",
          cancelUrl: "https://a.example/x",
          confirmUrlType: "POPUP",
        },
      }),
    );
    expect(enumError.returnCode).toBe("2101");
    expect(enumError.body.returnMessage).toContain("redirectUrls.confirmUrlType");
    const noUrls = await post(t.requestBody({ redirectUrls: { confirmUrlType: "SERVER" } }));
    expect(noUrls.returnCode).toBe("2101");
    expect(noUrls.body.returnMessage).toContain("redirectUrls.confirmUrl: is required");
    const longOrder = await post(t.requestBody({ orderId: "x".repeat(101) }));
    expect(longOrder.returnCode).toBe("2101");
  });

  it("answers 2101 with the formula when the package sum is wrong", async () => {
    const res = await post(
      t.requestBody({
        packages: [{ id: "p", amount: 100, products: [{ name: "x", quantity: 3, price: 50 }] }],
      }),
    );
    expect(res.returnCode).toBe("2101");
    expect(res.body.returnMessage).toContain(
      "packages[0].amount (100) must equal Σ products[].quantity × products[].price (150)",
    );
  });

  it("answers 2101 with the formula when amount is not the sum of the packages", async () => {
    const res = await post(t.requestBody({ amount: 120 }));
    expect(res.returnCode).toBe("2101");
    expect(res.body.returnMessage).toContain(
      "amount (120) must equal Σ packages[].amount + Σ packages[].userFee (100)",
    );
  });

  it("answers 1183 when the amount is not above 0", async () => {
    const zero = t.requestBody({
      amount: 0,
      packages: [{ id: "p", amount: 0, products: [{ name: "x", quantity: 1, price: 0 }] }],
    });
    expect((await post(zero)).returnCode).toBe("1183");
  });

  it("answers 1124 for decimals in TWD, including a literal 100.0", async () => {
    const fractional = t.requestBody({
      amount: 100.5,
      packages: [{ id: "p", amount: 100.5, products: [{ name: "x", quantity: 1, price: 100.5 }] }],
    });
    expect((await post(fractional)).returnCode).toBe("1124");
    const literal = JSON.stringify(t.requestBody()).replace('"amount":100,', '"amount":100.0,');
    expect(literal).toContain('"amount":100.0,');
    const res = await post(literal);
    expect(res.returnCode).toBe("1124");
    expect(res.body.returnMessage).toContain("TWD");
  });

  it("answers 1178 for a currency that is not the channel's", async () => {
    expect((await post(t.requestBody({ currency: "USD" }))).returnCode).toBe("1178");
    expect((await post(t.requestBody({ currency: "XYZ" }))).returnCode).toBe("1178");
  });

  it("answers 1172 when the orderId was already used", async () => {
    const body = t.requestBody();
    expect((await post(body)).returnCode).toBe("0000");
    expect((await post(body)).returnCode).toBe("1172");
  });
});

describe("Request: per-channel currencies", () => {
  it("enforces integer JPY and two-decimal THB on channels contracted for them", async () => {
    const jpy = await startTestSandbox({
      channels: [
        {
          channelId: "1656000001",
          channelSecret: "sandbox-test-secret-0123456789abcdef",
          currency: "JPY",
        },
      ],
    });
    const thb = await startTestSandbox({
      channels: [
        {
          channelId: "1656000001",
          channelSecret: "sandbox-test-secret-0123456789abcdef",
          currency: "THB",
        },
      ],
    });
    try {
      const pkg = (amount: number) => [
        { id: "p", amount, products: [{ name: "x", quantity: 1, price: amount }] },
      ];
      const body = (s: TestSandbox, currency: string, amount: number) =>
        s.requestBody({ currency, amount, packages: pkg(amount) });
      expect(
        (await jpy.client.post("/v3/payments/request", body(jpy, "JPY", 500))).returnCode,
      ).toBe("0000");
      expect(
        (await jpy.client.post("/v3/payments/request", body(jpy, "JPY", 500.5))).returnCode,
      ).toBe("1124");
      expect(
        (await jpy.client.post("/v3/payments/request", body(jpy, "TWD", 500))).returnCode,
      ).toBe("1178");
      expect(
        (await thb.client.post("/v3/payments/request", body(thb, "THB", 12.25))).returnCode,
      ).toBe("0000");
      expect(
        (await thb.client.post("/v3/payments/request", body(thb, "THB", 12.255))).returnCode,
      ).toBe("1124");
    } finally {
      await Promise.all([jpy.sandbox.close(), thb.sandbox.close()]);
    }
  });
});
