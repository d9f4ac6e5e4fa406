import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idText } from "../helpers/raw-linepay";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

let orderSeq = 0;
const subscriptionOrder = () => `SUB-${Date.now()}-${++orderSeq}`;

async function issueRegKey(s: TestSandbox = t): Promise<string> {
  const { confirmed } = await s.confirmedPayment({
    options: { payment: { payType: "PREAPPROVED" } },
  });
  return confirmed.body.info.regKey as string;
}

const checkKey = (regKey: string, query = "", s: TestSandbox = t) =>
  s.client.get(`/v3/payments/preapprovedPay/${regKey}/check`, query);
const pay = (regKey: string, body: Record<string, unknown> = {}, s: TestSandbox = t) =>
  s.client.post(`/v3/payments/preapprovedPay/${regKey}/payment`, {
    productName: "VIP month",
    amount: 100,
    currency: "TWD",
    orderId: subscriptionOrder(),
    capture: true,
    ...body,
  });
const expire = (regKey: string, body: unknown = {}) =>
  t.client.post(`/v3/payments/preapprovedPay/${regKey}/expire`, body);

describe("preapproved payments", () => {
  it("charges a regKey without user interaction and lists the payment by orderId", async () => {
    const regKey = await issueRegKey();
    expect((await checkKey(regKey)).returnCode).toBe("0000");
    expect((await checkKey(regKey, "creditCardAuth=true")).returnCode).toBe("0000");
    const orderId = subscriptionOrder();
    const res = await pay(regKey, { orderId });
    expect(res.returnCode).toBe("0000");
    const transactionId = idText(res.body.info.transactionId);
    expect(res.text).toContain(`"transactionId":${transactionId}`);
    expect(res.body.info.orderId).toBe(orderId);
    expect(res.body.info.transactionDate).toMatch(/Z$/);
    expect(res.body.info).not.toHaveProperty("authorizationExpireDate");

    const details = await t.client.get("/v3/payments", `orderId=${orderId}`);
    expect(details.returnCode).toBe("0000");
    expect(details.body.info[0]).toMatchObject({
      payStatus: "CAPTURE",
      productName: "VIP month",
      orderId,
    });
    expect(idText(details.body.info[0].transactionId)).toBe(transactionId);
    // Money-wise it behaves like any captured payment.
    expect((await t.client.post(`/v3/payments/${transactionId}/refund`, {})).returnCode).toBe(
      "0000",
    );
  });

  it("creates an authorization with capture=false that can then be captured", async () => {
    const regKey = await issueRegKey();
    const res = await pay(regKey, { capture: false });
    expect(res.body.info.authorizationExpireDate).toMatch(/Z$/);
    const id = idText(res.body.info.transactionId);
    const captured = await t.client.post(`/v3/payments/authorizations/${id}/capture`, {
      amount: 100,
      currency: "TWD",
    });
    expect(captured.returnCode).toBe("0000");
  });

  it("answers 1172 for a reused orderId, 1190 for an unknown regKey and validates the body", async () => {
    const regKey = await issueRegKey();
    const orderId = subscriptionOrder();
    expect((await pay(regKey, { orderId })).returnCode).toBe("0000");
    expect((await pay(regKey, { orderId })).returnCode).toBe("1172");
    expect((await pay("RKNOSUCHKEY0000")).returnCode).toBe("1190");
    expect((await checkKey("RKNOSUCHKEY0000")).returnCode).toBe("1190");
    expect((await expire("RKNOSUCHKEY0000")).returnCode).toBe("1190");
    expect((await pay(regKey, { currency: "USD" })).returnCode).toBe("1178");
    expect((await pay(regKey, { amount: 10.5 })).returnCode).toBe("1124");
    expect((await pay(regKey, { productName: undefined })).returnCode).toBe("2101");
  });

  it("expires a regKey: 0000 once, then 1193 for check, payment and expire", async () => {
    const regKey = await issueRegKey();
    expect((await expire(regKey, "")).returnCode).toBe("0000");
    expect((await checkKey(regKey)).returnCode).toBe("1193");
    expect((await pay(regKey)).returnCode).toBe("1193");
    expect((await expire(regKey)).returnCode).toBe("1193");
  });

  it("expires a regKey when its lifetime passes on the sandbox clock", async () => {
    // A frozen base clock, so only the control API moves time.
    const frozen = new Date("2026-03-01T00:00:00Z");
    const s = await startTestSandbox({ regKeyTtlMs: 24 * 60 * 60_000, clock: () => frozen });
    try {
      const regKey = await issueRegKey(s);
      await s.control("/__sandbox/clock", { advanceMs: 24 * 60 * 60_000 - 1 });
      expect((await checkKey(regKey, "", s)).returnCode).toBe("0000");
      await s.control("/__sandbox/clock", { advanceMs: 1 });
      expect((await checkKey(regKey, "", s)).returnCode).toBe("1193");
      expect((await pay(regKey, {}, s)).returnCode).toBe("1193");
    } finally {
      await s.sandbox.close();
    }
  });

  it("starts a regKey's lifetime again at each successful payment", async () => {
    const frozen = new Date("2026-03-01T00:00:00Z");
    const s = await startTestSandbox({ regKeyTtlMs: 24 * 60 * 60_000, clock: () => frozen });
    try {
      const regKey = await issueRegKey(s);
      await s.control("/__sandbox/clock", { advanceMs: 20 * 60 * 60_000 });
      expect((await pay(regKey, {}, s)).returnCode).toBe("0000");
      await s.control("/__sandbox/clock", { advanceMs: 20 * 60 * 60_000 }); // 40 h after confirm
      expect((await checkKey(regKey, "", s)).returnCode).toBe("0000");
      await s.control("/__sandbox/clock", { advanceMs: 4 * 60 * 60_000 });
      expect((await checkKey(regKey, "", s)).returnCode).toBe("1193");
    } finally {
      await s.sandbox.close();
    }
  });

  it("answers 1197 to a payment that overlaps another on the same regKey", async () => {
    const s = await startTestSandbox({ latencyMs: 200 });
    try {
      const regKey = await issueRegKey(s);
      const first = pay(regKey, {}, s);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await pay(regKey, {}, s)).returnCode).toBe("1197");
      expect((await first).returnCode).toBe("0000");
    } finally {
      await s.sandbox.close();
    }
  });
});
