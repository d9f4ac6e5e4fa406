// Third-party proof: the unmodified npm package line-pay-merchant (axios 0.26, base URL hard-coded to
// https://sandbox-api-pay.line.me) runs whole flows against the sandbox. The only configuration is
// the standard proxy environment: axios 0.x then sends `POST https://sandbox-api-pay.line.me/v3/...`
// in absolute form over plain HTTP to the "proxy" (no CONNECT), and the sandbox serves it directly.
import { createLinePayClient, isLinePayApiError } from "line-pay-merchant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, TEST_CHANNEL, type TestSandbox } from "../helpers/sandbox-fixture";

const PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"] as const;
const savedEnv = new Map<string, string | undefined>();

let t: TestSandbox;
let linePay: ReturnType<typeof createLinePayClient>;

beforeAll(async () => {
  t = await startTestSandbox();
  for (const name of PROXY_VARS) savedEnv.set(name, process.env[name]);
  // axios reads https_proxy before HTTPS_PROXY, so both point at the sandbox; NO_PROXY must not exempt the host.
  process.env.HTTPS_PROXY = t.sandbox.url;
  process.env.https_proxy = t.sandbox.url;
  delete process.env.NO_PROXY;
  delete process.env.no_proxy;
  linePay = createLinePayClient({
    channelId: TEST_CHANNEL.channelId,
    channelSecretKey: TEST_CHANNEL.channelSecret,
    env: "development",
  });
});

afterAll(async () => {
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await t.sandbox.close();
});

let orderSeq = 0;
function requestBody(options?: Record<string, unknown>) {
  const orderId = `LPM-${Date.now()}-${++orderSeq}`;
  return {
    amount: 100,
    currency: "TWD" as const,
    orderId,
    packages: [
      { id: "pkg-1", amount: 100, products: [{ name: "VIP month", quantity: 1, price: 100 }] },
    ],
    redirectUrls: {
      confirmUrl: "https://shop.example/confirm",
      cancelUrl: "https://shop.example/cancel",
    },
    ...(options ? { options } : {}),
  };
}

async function approve(transactionId: string) {
  const res = await t.control(`/__sandbox/payments/${transactionId}/approve`, {});
  expect(res.status).toBe(200);
}

describe("line-pay-merchant 0.9 (unmodified) against the sandbox", () => {
  it("request → approve → confirm → details → refund → details", async () => {
    const body = requestBody();
    const requested = await linePay.request.send({ body });
    expect(requested.body.returnCode).toBe("0000");
    const transactionId = requested.body.info.transactionId;
    expect(transactionId).toMatch(/^\d{19}$/); // the library's regex kept the bare number exact
    expect(requested.body.info.paymentUrl.web).toContain(
      `${t.sandbox.publicUrl}/web/payment/wait?transactionReserveId=`,
    );

    expect(
      (await linePay.checkPaymentStatus.send({ transactionId, params: {} })).body.returnCode,
    ).toBe("0000");
    await approve(transactionId);
    expect(
      (await linePay.checkPaymentStatus.send({ transactionId, params: {} })).body.returnCode,
    ).toBe("0110");

    const confirmed = await linePay.confirm.send({
      transactionId,
      body: { amount: 100, currency: "TWD" },
    });
    expect(confirmed.body.returnCode).toBe("0000");
    expect(confirmed.body.info.transactionId).toBe(transactionId);
    expect(confirmed.body.info.orderId).toBe(body.orderId);

    const details = await linePay.paymentDetails.send({
      params: { transactionId: [transactionId] },
    });
    expect(details.body.info[0]).toMatchObject({
      transactionId,
      orderId: body.orderId,
      payStatus: "CAPTURE",
    });

    const refunded = await linePay.refund.send({ transactionId, body: { refundAmount: 20 } });
    expect(refunded.body.info.refundTransactionId).toMatch(/^\d{19}$/);
    const ledger = (await t.control("/__sandbox/ledger")).json;
    const entry = ledger.transactions.find(
      (tx: { transactionId: string }) => tx.transactionId === transactionId,
    );
    expect(entry.refunds[0].refundTransactionId).toBe(refunded.body.info.refundTransactionId);

    const after = await linePay.paymentDetails.send({ params: { orderId: [body.orderId] } });
    expect(after.body.info[0].refundList?.[0]).toMatchObject({
      refundTransactionId: refunded.body.info.refundTransactionId,
      refundAmount: -20,
      transactionType: "PARTIAL_REFUND",
    });

    // The sandbox's bare numbers expose the library's known gap: originalTransactionId is not
    // rescued by its regex, so JSON.parse rounds it.
    const byRefund = await linePay.paymentDetails.send({
      params: { transactionId: [refunded.body.info.refundTransactionId] },
    });
    const original = (byRefund.body.info[0] as unknown as { originalTransactionId: number })
      .originalTransactionId;
    expect(typeof original).toBe("number");
    expect(String(BigInt(original))).not.toBe(transactionId);
  });

  it("reports LINE errors through its own error type (second confirm → 1172, bad signature would be 1106)", async () => {
    const { body } = await linePay.request.send({ body: requestBody() });
    await approve(body.info.transactionId);
    const confirm = () =>
      linePay.confirm.send({
        transactionId: body.info.transactionId,
        body: { amount: 100, currency: "TWD" },
      });
    await confirm();
    const error = await confirm().catch((e: unknown) => e);
    expect(isLinePayApiError(error)).toBe(true);
    expect((error as { data: { returnCode: string } }).data.returnCode).toBe("1172");

    const wrongSecret = createLinePayClient({
      channelId: TEST_CHANNEL.channelId,
      channelSecretKey: "not-the-secret",
      env: "development",
    });
    const authError = await wrongSecret.checkPaymentStatus
      .send({ transactionId: body.info.transactionId, params: {} })
      .catch((e: unknown) => e);
    expect((authError as { data: { returnCode: string } }).data.returnCode).toBe("1106");
  });

  it("capture=false → capture, and another authorization → void (body {})", async () => {
    const first = await linePay.request.send({
      body: requestBody({ payment: { capture: false } }),
    });
    const firstId = first.body.info.transactionId;
    await approve(firstId);
    const authorized = await linePay.confirm.send({
      transactionId: firstId,
      body: { amount: 100, currency: "TWD" },
    });
    expect(authorized.body.info.authorizationExpireDate).toBeTruthy();
    const captured = await linePay.capture.send({
      transactionId: firstId,
      body: { amount: 100, currency: "TWD" },
    });
    expect(captured.body.returnCode).toBe("0000");

    const second = await linePay.request.send({
      body: requestBody({ payment: { capture: false } }),
    });
    const secondId = second.body.info.transactionId;
    await approve(secondId);
    await linePay.confirm.send({ transactionId: secondId, body: { amount: 100, currency: "TWD" } });
    expect((await linePay.void.send({ transactionId: secondId })).body.returnCode).toBe("0000");
  });

  it("preapproved: request PREAPPROVED → approve → confirm (regKey) → checkRegKey → payPreapproved → expireRegKey", async () => {
    const requested = await linePay.request.send({
      body: requestBody({ payment: { payType: "PREAPPROVED" } }),
    });
    const transactionId = requested.body.info.transactionId;
    await approve(transactionId);
    const confirmed = await linePay.confirm.send({
      transactionId,
      body: { amount: 100, currency: "TWD" },
    });
    const regKey = confirmed.body.info.regKey ?? "";
    expect(regKey).toMatch(/^RK[A-Z0-9]{13}$/);

    expect((await linePay.checkRegKey.send({ regKey })).body.returnCode).toBe("0000");
    expect(
      (await linePay.checkRegKey.send({ regKey, params: { creditCardAuth: false } })).body
        .returnCode,
    ).toBe("0000");
    const orderId = `LPM-SUB-${Date.now()}`;
    const paid = await linePay.payPreapproved.send({
      regKey,
      body: { productName: "VIP month", amount: 100, currency: "TWD", orderId, capture: true },
    });
    expect(paid.body.returnCode).toBe("0000");
    expect(paid.body.info.transactionId).toMatch(/^\d{19}$/);
    const ledger = (await t.control("/__sandbox/ledger")).json;
    expect(ledger.transactions).toContainEqual(
      expect.objectContaining({
        transactionId: paid.body.info.transactionId,
        orderId,
        state: "CAPTURED",
      }),
    );

    expect((await linePay.expireRegKey.send({ regKey })).body.returnCode).toBe("0000");
    const expired = await linePay.checkRegKey.send({ regKey }).catch((e: unknown) => e);
    expect((expired as { data: { returnCode: string } }).data.returnCode).toBe("1193");
  });
});
