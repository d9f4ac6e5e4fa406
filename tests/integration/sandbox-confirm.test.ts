import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idText, num } from "../helpers/raw-linepay";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

const check = async (id: string) =>
  (await t.client.get(`/v3/payments/requests/${id}/check`)).returnCode;
const confirm = (id: string, body: unknown = { amount: 100, currency: "TWD" }) =>
  t.client.post(`/v3/payments/${id}/confirm`, body);

describe("Check Payment Status", () => {
  it("walks 0000 → 0110 → 0123 and answers 1150 for an unknown id", async () => {
    const { transactionId } = await t.requestPayment();
    expect(await check(transactionId)).toBe("0000");
    await t.control(`/__sandbox/payments/${transactionId}/approve`, {});
    expect(await check(transactionId)).toBe("0110");
    expect((await confirm(transactionId)).returnCode).toBe("0000");
    expect(await check(transactionId)).toBe("0123");
    expect(await check("2099010100000000001")).toBe("1150");
  });

  it("answers 0123 for a capture=false authorization too", async () => {
    const { transactionId } = await t.confirmedPayment({
      options: { payment: { capture: false } },
    });
    expect(await check(transactionId)).toBe("0123");
  });
});

describe("Confirm", () => {
  it("returns orderId, bare transactionId, card payInfo and packages", async () => {
    const { transactionId, orderId } = await t.approvedPayment();
    const res = await confirm(transactionId);
    expect(res.returnCode).toBe("0000");
    expect(res.text).toContain(`"transactionId":${transactionId}`);
    const info = res.body.info;
    expect(info.orderId).toBe(orderId);
    expect(idText(info.transactionId)).toBe(transactionId);
    expect(info.payInfo).toHaveLength(1);
    expect(info.payInfo[0]).toMatchObject({
      method: "CREDIT_CARD",
      creditCardBrand: "VISA",
      creditCardNickname: "",
    });
    expect(num(info.payInfo[0].amount)).toBe(100);
    expect(info.payInfo[0].maskedCreditCardNumber).toMatch(/^\*{4} \*{4} \*{4} \d{4}$/);
    expect(info.packages[0].id).toBe("pkg-1");
    expect(info).not.toHaveProperty("authorizationExpireDate");
    expect(info).not.toHaveProperty("regKey");
  });

  it("adds authorizationExpireDate for capture=false and a regKey for PREAPPROVED", async () => {
    const auth = await t.approvedPayment({ options: { payment: { capture: false } } });
    const authorized = await confirm(auth.transactionId);
    expect(authorized.body.info.authorizationExpireDate).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    const pre = await t.approvedPayment({ options: { payment: { payType: "PREAPPROVED" } } });
    const withKey = await confirm(pre.transactionId);
    expect(withKey.body.info.regKey).toMatch(/^RK[A-Z0-9]{13}$/);
  });

  it("answers 1169 before approval and the reservation then fails (0122, later confirm 1180)", async () => {
    const { transactionId } = await t.requestPayment();
    expect((await confirm(transactionId)).returnCode).toBe("1169");
    expect(await check(transactionId)).toBe("0122");
    expect((await confirm(transactionId)).returnCode).toBe("1180");
  });

  it("answers 1172 on a second confirm", async () => {
    const { transactionId } = await t.confirmedPayment();
    expect((await confirm(transactionId)).returnCode).toBe("1172");
  });

  it("answers 1180 after the user cancelled", async () => {
    const { transactionId } = await t.requestPayment();
    await t.control(`/__sandbox/payments/${transactionId}/cancel`, {});
    expect((await confirm(transactionId)).returnCode).toBe("1180");
  });

  it("answers 1150 for an unknown id, 1153 for another amount, 1178 for another currency, 1124 for decimals", async () => {
    expect((await confirm("2099010100000000001")).returnCode).toBe("1150");
    const { transactionId } = await t.approvedPayment();
    expect((await confirm(transactionId, { amount: 99, currency: "TWD" })).returnCode).toBe("1153");
    expect((await confirm(transactionId, { amount: 100, currency: "USD" })).returnCode).toBe(
      "1178",
    );
    expect((await confirm(transactionId, '{"amount":100.0,"currency":"TWD"}')).returnCode).toBe(
      "1124",
    );
    expect((await confirm(transactionId, { currency: "TWD" })).returnCode).toBe("2101");
    // None of the rejected attempts consumed the approval.
    expect((await confirm(transactionId, { amount: "100", currency: "TWD" })).returnCode).toBe(
      "0000",
    );
  });
});

describe("concurrent confirm", () => {
  it("answers 1198 to a confirm that overlaps one still in flight", async () => {
    const slow = await startTestSandbox({ latencyMs: 200 });
    try {
      const { transactionId } = await slow.approvedPayment();
      const path = `/v3/payments/${transactionId}/confirm`;
      const body = { amount: 100, currency: "TWD" };
      const first = slow.client.post(path, body);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await slow.client.post(path, body);
      expect(second.returnCode).toBe("1198");
      expect((await first).returnCode).toBe("0000");
      expect((await slow.client.post(path, body)).returnCode).toBe("1172");
    } finally {
      await slow.sandbox.close();
    }
  });
});

describe("sandbox clock and the 20-minute window", () => {
  it("keeps an approved reservation for 20 minutes, then check answers 0121 and confirm 1180", async () => {
    const late = await t.approvedPayment();
    const inTime = await t.approvedPayment();
    await t.control("/__sandbox/clock", { advanceMs: 19 * 60_000 });
    expect(await check(late.transactionId)).toBe("0110");
    expect((await confirm(inTime.transactionId)).returnCode).toBe("0000");
    await t.control("/__sandbox/clock", { advanceMs: 60_000 });
    expect(await check(late.transactionId)).toBe("0121");
    expect((await confirm(late.transactionId)).returnCode).toBe("1180");
    // The confirmed payment is unaffected by the window.
    expect(await check(inTime.transactionId)).toBe("0123");
  });

  it("expires an unopened payment page: the page answers 404", async () => {
    const { info, transactionId } = await t.requestPayment();
    await t.control("/__sandbox/clock", { advanceMs: 20 * 60_000 });
    expect(await check(transactionId)).toBe("0121");
    expect((await fetch(info.paymentUrl.web)).status).toBe(404);
    expect((await t.control(`/__sandbox/payments/${transactionId}/approve`, {})).status).toBe(409);
  });
});
