import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idText, num } from "../helpers/raw-linepay";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

const capture = (id: string, amount: unknown = 100) =>
  t.client.post(`/v3/payments/authorizations/${id}/capture`, { amount, currency: "TWD" });
const voidAuth = (id: string, body: unknown = {}) =>
  t.client.post(`/v3/payments/authorizations/${id}/void`, body);
const refund = (id: string, body: unknown = {}) => t.client.post(`/v3/payments/${id}/refund`, body);
const details = (query: string) => t.client.get("/v3/payments", query);
const authorized = () => t.confirmedPayment({ options: { payment: { capture: false } } });

describe("Capture and Void (capture=false)", () => {
  it("captures up to the authorized amount (1184 above it, 1183 at 0) and then refuses a second capture", async () => {
    const { transactionId, orderId } = await authorized();
    expect((await details(`transactionId=${transactionId}`)).body.info[0].payStatus).toBe(
      "AUTHORIZATION",
    );
    expect((await capture(transactionId, 101)).returnCode).toBe("1184");
    expect((await capture(transactionId, 0)).returnCode).toBe("1183");
    const res = await capture(transactionId, 80);
    expect(res.returnCode).toBe("0000");
    expect(res.body.info.orderId).toBe(orderId);
    expect(idText(res.body.info.transactionId)).toBe(transactionId);
    expect(num(res.body.info.payInfo[0].amount)).toBe(80);
    const entry = (await details(`transactionId=${transactionId}`)).body.info[0];
    expect(entry.payStatus).toBe("CAPTURE");
    expect(num(entry.payInfo[0].amount)).toBe(80);
    expect((await capture(transactionId, 10)).returnCode).toBe("1179");
    expect((await voidAuth(transactionId)).returnCode).toBe("1155");
  });

  it("refuses to capture a payment captured at confirm (1155), an unknown id (1150) and a voided one (1179)", async () => {
    const captured = await t.confirmedPayment();
    expect((await capture(captured.transactionId)).returnCode).toBe("1155");
    expect((await capture("2099010100000000001")).returnCode).toBe("1150");
    const pending = await t.approvedPayment();
    expect((await capture(pending.transactionId)).returnCode).toBe("1150");
    const voided = await authorized();
    expect((await voidAuth(voided.transactionId)).returnCode).toBe("0000");
    expect((await capture(voided.transactionId)).returnCode).toBe("1179");
  });

  it("voids an authorization once (VOIDED_AUTHORIZATION), 1165 when voided again, 1155 when captured", async () => {
    const { transactionId } = await authorized();
    expect((await voidAuth(transactionId, "")).returnCode).toBe("0000");
    expect((await details(`transactionId=${transactionId}`)).body.info[0].payStatus).toBe(
      "VOIDED_AUTHORIZATION",
    );
    expect((await voidAuth(transactionId)).returnCode).toBe("1165");
    const captured = await t.confirmedPayment();
    expect((await voidAuth(captured.transactionId)).returnCode).toBe("1155");
  });

  it("expires an authorization after its lifetime (EXPIRED_AUTHORIZATION, capture 1179)", async () => {
    const s = await startTestSandbox({ authorizationTtlMs: 60_000 });
    try {
      const { transactionId } = await s.confirmedPayment({
        options: { payment: { capture: false } },
      });
      await s.control("/__sandbox/clock", { advanceMs: 60_000 });
      expect(
        (await s.client.get("/v3/payments", `transactionId=${transactionId}`)).body.info[0]
          .payStatus,
      ).toBe("EXPIRED_AUTHORIZATION");
      const res = await s.client.post(`/v3/payments/authorizations/${transactionId}/capture`, {
        amount: 100,
        currency: "TWD",
      });
      expect(res.returnCode).toBe("1179");
    } finally {
      await s.sandbox.close();
    }
  });
});

describe("Refund", () => {
  it("refunds partially then fully; details show a negative refundList with both types", async () => {
    const { transactionId } = await t.confirmedPayment();
    const partial = await refund(transactionId, { refundAmount: 30 });
    expect(partial.returnCode).toBe("0000");
    const refundId = idText(partial.body.info.refundTransactionId);
    expect(partial.text).toContain(`"refundTransactionId":${refundId}`);
    expect(refundId).toMatch(/^\d{19}$/);
    expect(partial.body.info.refundTransactionDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await refund(transactionId, { refundAmount: 71 })).returnCode).toBe("1164");
    const rest = await refund(transactionId, "");
    expect(rest.returnCode).toBe("0000");
    expect((await refund(transactionId)).returnCode).toBe("1165");

    const entry = (await details(`transactionId=${transactionId}`)).body.info[0];
    expect(entry.payStatus).toBe("CAPTURE");
    expect(num(entry.payInfo[0].amount)).toBe(100);
    expect(entry.refundList.map((r: any) => [r.transactionType, num(r.refundAmount)])).toEqual([
      ["PARTIAL_REFUND", -30],
      ["PARTIAL_REFUND", -70],
    ]);
    expect(idText(entry.refundList[0].refundTransactionId)).toBe(refundId);
  });

  it("marks a one-shot full refund PAYMENT_REFUND and details by refund id carry originalTransactionId", async () => {
    const { transactionId, orderId } = await t.confirmedPayment();
    const res = await refund(transactionId);
    const refundId = idText(res.body.info.refundTransactionId);
    const byRefund = await details(`transactionId=${refundId}`);
    expect(byRefund.returnCode).toBe("0000");
    expect(byRefund.text).toContain(`"originalTransactionId":${transactionId}`);
    const entry = byRefund.body.info[0];
    expect(idText(entry.originalTransactionId)).toBe(transactionId);
    expect(entry).toMatchObject({ transactionType: "PAYMENT_REFUND", orderId });
    expect(num(entry.payInfo[0].amount)).toBe(-100);
  });

  it("answers 1155 for an authorization, 1150 for unknown/unconfirmed, 1124 for decimals, 2101 for 0", async () => {
    const auth = await authorized();
    expect((await refund(auth.transactionId)).returnCode).toBe("1155");
    expect((await refund("2099010100000000001")).returnCode).toBe("1150");
    const pending = await t.approvedPayment();
    expect((await refund(pending.transactionId)).returnCode).toBe("1150");
    const paid = await t.confirmedPayment();
    expect((await refund(paid.transactionId, '{"refundAmount":20.0}')).returnCode).toBe("1124");
    expect((await refund(paid.transactionId, { refundAmount: 0 })).returnCode).toBe("2101");
    expect((await refund(paid.transactionId, { refundAmount: "20" })).returnCode).toBe("0000");
  });
});

describe("Payment Details", () => {
  it("answers 1150 before confirm and lists the payment after", async () => {
    const { transactionId, orderId } = await t.approvedPayment();
    expect((await details(`transactionId=${transactionId}`)).returnCode).toBe("1150");
    expect((await details(`orderId=${orderId}`)).returnCode).toBe("1150");
    await t.client.post(`/v3/payments/${transactionId}/confirm`, { amount: 100, currency: "TWD" });
    const res = await details(`orderId=${encodeURIComponent(orderId)}`);
    expect(res.returnCode).toBe("0000");
    expect(res.body.info[0]).toMatchObject({
      orderId,
      transactionType: "PAYMENT",
      currency: "TWD",
      merchantName: "Sandbox Merchant",
      productName: "VIP month",
    });
    expect(idText(res.body.info[0].transactionId)).toBe(transactionId);
  });

  it("accepts repeated keys for several ids and answers 1177 above 100 ids", async () => {
    const a = await t.confirmedPayment();
    const b = await t.confirmedPayment();
    const res = await details(
      `transactionId=${a.transactionId}&transactionId=${b.transactionId}&orderId=${a.orderId}`,
    );
    expect(res.body.info.map((e: any) => idText(e.transactionId)).sort()).toEqual(
      [a.transactionId, b.transactionId].sort(),
    );
    const many = Array.from(
      { length: 101 },
      (_, i) => `transactionId=${2099010100000000000n + BigInt(i)}`,
    ).join("&");
    expect((await details(many)).returnCode).toBe("1177");
    expect((await details("")).returnCode).toBe("2101");
  });
});
