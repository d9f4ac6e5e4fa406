import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idText } from "../helpers/raw-linepay";
import { startTestSandbox, TEST_CHANNEL, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

describe("ledger", () => {
  it("lists every transaction with string ids, states, amounts, refunds and regKeys", async () => {
    const paid = await t.confirmedPayment();
    const refunded = await t.client.post(`/v3/payments/${paid.transactionId}/refund`, {
      refundAmount: 40,
    });
    const pending = await t.requestPayment();
    const pre = await t.confirmedPayment({ options: { payment: { payType: "PREAPPROVED" } } });
    const regKey = pre.confirmed.body.info.regKey as string;

    const { json } = await t.control("/__sandbox/ledger");
    const byId = new Map(json.transactions.map((tx: any) => [tx.transactionId, tx]));
    expect(byId.get(paid.transactionId)).toMatchObject({
      state: "CAPTURED",
      orderId: paid.orderId,
      amount: 100,
      capturedAmount: 100,
      refundedAmount: 40,
      refundableAmount: 60,
      refunds: [
        {
          refundTransactionId: idText(refunded.body.info.refundTransactionId),
          amount: 40,
          type: "PARTIAL_REFUND",
        },
      ],
    });
    expect(byId.get(pending.transactionId)).toMatchObject({
      state: "RESERVED",
      paymentUrl: pending.info.paymentUrl.web,
    });
    expect(byId.get(pre.transactionId)).toMatchObject({
      state: "CAPTURED",
      payType: "PREAPPROVED",
      regKey,
    });
    expect(json.regKeys).toContainEqual(
      expect.objectContaining({ regKey, state: "ACTIVE", transactionId: pre.transactionId }),
    );
    expect(typeof json.transactions[0].transactionId).toBe("string");
    // The history records every state change with its reason.
    expect((byId.get(paid.transactionId) as any).history.map((h: any) => h.to)).toEqual([
      "RESERVED",
      "AUTHENTICATED",
      "CAPTURED",
    ]);
  });
});

describe("clock", () => {
  it("reports, advances and sets the sandbox time; rejects nonsense", async () => {
    const before = await t.control("/__sandbox/clock");
    expect(before.json.offsetMs).toBe(0);
    const advanced = await t.control("/__sandbox/clock", { advanceMs: 3_600_000 });
    expect(Date.parse(advanced.json.now) - Date.parse(before.json.now)).toBeGreaterThanOrEqual(
      3_600_000,
    );
    const set = await t.control("/__sandbox/clock", { nowIso: "2030-01-02T03:04:05Z" });
    expect(Math.abs(Date.parse(set.json.now) - Date.parse("2030-01-02T03:04:05Z"))).toBeLessThan(
      1_000,
    );
    // Ids carry the sandbox date.
    expect((await t.requestPayment()).transactionId.startsWith("20300102")).toBe(true);
    expect((await t.control("/__sandbox/clock", { advanceMs: "soon" })).status).toBe(400);
  });
});

describe("reset", () => {
  it("clears transactions, regKeys and the clock offset", async () => {
    const { transactionId } = await t.confirmedPayment();
    expect((await t.control("/__sandbox/reset", {})).json).toEqual({ ok: true });
    const { json } = await t.control("/__sandbox/ledger");
    expect(json.transactions).toEqual([]);
    expect(json.regKeys).toEqual([]);
    expect((await t.control("/__sandbox/clock")).json.offsetMs).toBe(0);
    expect((await t.client.get(`/v3/payments/requests/${transactionId}/check`)).returnCode).toBe(
      "1150",
    );
  });
});

describe("controlApi: false", () => {
  it("hides every /__sandbox endpoint but keeps the LINE API and the payment page", async () => {
    const locked = await startTestSandbox({ controlApi: false });
    try {
      const payment = await locked.requestPayment();
      expect((await fetch(`${locked.sandbox.url}/__sandbox/ledger`)).status).toBe(404);
      const approve = await fetch(
        `${locked.sandbox.url}/__sandbox/payments/${payment.transactionId}/approve`,
        { method: "POST" },
      );
      expect(approve.status).toBe(404);
      expect((await fetch(payment.info.paymentUrl.web)).status).toBe(200);
    } finally {
      await locked.sandbox.close();
    }
  });
});

describe("seams", () => {
  it("lets a scripted outcome replace an endpoint's result (fault-injection seam)", async () => {
    const { transactionId, orderId } = await t.approvedPayment();
    t.sandbox.store.outcomes.add({
      match: { endpoint: "confirm", orderId },
      outcome: { returnCode: "1281", returnMessage: "Card payment error." },
      times: 1,
    });
    const confirm = () =>
      t.client.post(`/v3/payments/${transactionId}/confirm`, { amount: 100, currency: "TWD" });
    expect((await confirm()).returnCode).toBe("1281");
    expect((await confirm()).returnCode).toBe("0000");
  });

  it("gives up on a SERVER-mode confirmUrl that does not answer within the read timeout", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const s = await startTestSandbox({ serverConfirmTimeouts: { connectMs: 500, readMs: 200 } });
    try {
      const base = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const { transactionId } = await s.requestPayment({
        redirectUrls: {
          confirmUrl: `${base}/confirm`,
          cancelUrl: `${base}/cancel`,
          confirmUrlType: "SERVER",
        },
      });
      const res = await s.control(`/__sandbox/payments/${transactionId}/approve`, {});
      expect(res.json).toMatchObject({
        ok: true,
        state: "AUTHENTICATED",
        serverNotification: { ok: false },
      });
      expect(res.json.serverNotification.error).toContain("read timeout");
    } finally {
      await s.sandbox.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("authenticates several channels independently", async () => {
    const other = { channelId: "1656000002", channelSecret: "second-channel-secret" };
    const multi = await startTestSandbox({ channels: [TEST_CHANNEL, other] });
    try {
      const { transactionId } = await multi.requestPayment();
      const { createRawClient } = await import("../helpers/raw-linepay");
      const second = createRawClient({ baseUrl: multi.sandbox.url, ...other });
      // Another merchant's transaction is invisible.
      expect((await second.get(`/v3/payments/requests/${transactionId}/check`)).returnCode).toBe(
        "1150",
      );
    } finally {
      await multi.sandbox.close();
    }
  });
});
