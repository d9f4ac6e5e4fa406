// Faults where the money still moves (commitThenDrop, delay past a client timeout), how they
// interact with the in-flight locks, and the regKey helpers subscription tests rely on.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { idText } from "../helpers/raw-linepay";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());
beforeEach(async () => {
  await t.control("/__sandbox/faults", undefined, "DELETE");
});

let orderSeq = 0;
const renewalOrder = () => `RENEW-${Date.now()}-${++orderSeq}`;
const addFault = (rule: unknown, s: TestSandbox = t) => s.control("/__sandbox/faults", rule);
const confirm = (transactionId: string, s: TestSandbox = t) =>
  s.client.post(`/v3/payments/${transactionId}/confirm`, { amount: 100, currency: "TWD" });
const pay = (regKey: string, orderId = renewalOrder(), s: TestSandbox = t, signal?: AbortSignal) =>
  s.client.post(
    `/v3/payments/preapprovedPay/${regKey}/payment`,
    { productName: "VIP month", amount: 100, currency: "TWD", orderId },
    undefined,
    { signal },
  );
const checkKey = (regKey: string, s: TestSandbox = t) =>
  s.client.get(`/v3/payments/preapprovedPay/${regKey}/check`);

async function ledger(s: TestSandbox = t) {
  return (await s.control("/__sandbox/ledger")).json;
}

async function issueRegKey(s: TestSandbox = t): Promise<string> {
  const { confirmed } = await s.confirmedPayment({
    options: { payment: { payType: "PREAPPROVED" } },
  });
  return confirmed.body.info.regKey as string;
}

/** The socket error a fetch reports when the connection dies without a response. */
async function socketError(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TypeError);
  return String((error as TypeError).cause);
}

describe("commitThenDrop", () => {
  it("confirm: the payment is CAPTURED although the client only saw a dropped connection", async () => {
    const { transactionId } = await t.approvedPayment();
    await addFault({
      match: { endpoint: "confirm", transactionId },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    expect(await socketError(confirm(transactionId))).toMatch(
      /ECONNRESET|other side closed|socket/i,
    );

    const tx = (await ledger()).transactions.find((x: any) => x.transactionId === transactionId);
    expect(tx).toMatchObject({ state: "CAPTURED", capturedAmount: 100 });
    // The lock was released: a retried confirm is LINE's "already confirmed", not "in flight".
    expect((await confirm(transactionId)).returnCode).toBe("1172");
    const details = await t.client.get("/v3/payments", `transactionId=${transactionId}`);
    expect(details.body.info[0].payStatus).toBe("CAPTURE");
  });

  it("payPreapproved: a new CAPTURED transaction exists, and the regKey lock is released", async () => {
    const regKey = await issueRegKey();
    const orderId = renewalOrder();
    await addFault({
      match: { endpoint: "payPreapproved", orderId },
      action: { type: "commitThenDrop" },
    });
    await socketError(pay(regKey, orderId));

    const charged = (await ledger()).transactions.filter((x: any) => x.orderId === orderId);
    expect(charged).toHaveLength(1);
    expect(charged[0]).toMatchObject({
      state: "CAPTURED",
      payType: "PREAPPROVED",
      viaRegKey: regKey,
      amount: 100,
    });
    // Retrying with the same orderId is refused (the charge happened); a new order goes through.
    await t.control("/__sandbox/faults", undefined, "DELETE");
    expect((await pay(regKey, orderId)).returnCode).toBe("1172");
    expect((await pay(regKey)).returnCode).toBe("0000");
  });
});

describe("delay", () => {
  it("a client with a short timeout gives up, yet the charge lands once processing finishes", async () => {
    const regKey = await issueRegKey();
    const orderId = renewalOrder();
    await addFault({
      match: { regKey, endpoint: "payPreapproved" },
      action: { type: "delay", ms: 400 },
      times: 1,
    });
    const gaveUp = await pay(regKey, orderId, t, AbortSignal.timeout(50)).catch((e: unknown) => e);
    expect((gaveUp as Error).name).toBe("TimeoutError");

    await vi.waitFor(
      async () => {
        const charged = (await ledger()).transactions.filter((x: any) => x.orderId === orderId);
        expect(charged).toMatchObject([{ state: "CAPTURED", viaRegKey: regKey }]);
      },
      { timeout: 5_000, interval: 50 },
    );
    // What a reconciling client finds by orderId.
    const details = await t.client.get("/v3/payments", `orderId=${orderId}`);
    expect(details.returnCode).toBe("0000");
  });

  it("holds the regKey lock while delayed: an overlapping payment gets 1197, the delayed one succeeds", async () => {
    const regKey = await issueRegKey();
    await addFault({
      match: { regKey, endpoint: "payPreapproved" },
      action: { type: "delay", ms: 400 },
      times: 1,
    });
    const slow = pay(regKey);
    // Wait until the slow call holds the lock (its rule is consumed when it arrives).
    await vi.waitFor(() => expect(t.sandbox.faults.size).toBe(0), { timeout: 5_000, interval: 10 });
    expect((await pay(regKey)).returnCode).toBe("1197");
    const done = await slow;
    expect(done.returnCode).toBe("0000");
    expect(idText(done.body.info.transactionId)).toMatch(/^\d{19}$/);
    expect((await pay(regKey)).returnCode).toBe("0000");
  });

  it("holds the transaction lock too: a second confirm during a delayed one gets 1198", async () => {
    const { transactionId } = await t.approvedPayment();
    await addFault({
      match: { transactionId, endpoint: "confirm" },
      action: { type: "delay", ms: 400 },
      times: 1,
    });
    const slow = confirm(transactionId);
    await vi.waitFor(() => expect(t.sandbox.faults.size).toBe(0), { timeout: 5_000, interval: 10 });
    expect((await confirm(transactionId)).returnCode).toBe("1198");
    expect((await slow).returnCode).toBe("0000");
  });
});

describe("regKey helpers", () => {
  it("POST /__sandbox/regkeys/{regKey}/expire: check and payment answer 1193; the ledger shows it", async () => {
    const regKey = await issueRegKey();
    const res = await t.control(`/__sandbox/regkeys/${regKey}/expire`, {});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      ok: true,
      regKey,
      state: "EXPIRED",
      expiredAt: expect.any(String),
    });
    expect((await checkKey(regKey)).returnCode).toBe("1193");
    expect((await pay(regKey)).returnCode).toBe("1193");
    const entry = (await ledger()).regKeys.find((r: any) => r.regKey === regKey);
    expect(entry).toMatchObject({
      state: "EXPIRED",
      expiresAt: expect.any(String),
      expiredReason: expect.stringContaining("control API"),
    });
    // Idempotent; unknown keys are 404.
    expect((await t.control(`/__sandbox/regkeys/${regKey}/expire`, {})).status).toBe(200);
    expect((await t.control("/__sandbox/regkeys/RKNOSUCHKEY0000/expire", {})).status).toBe(404);
  });

  it("expires regKeys by the sandbox clock (regKeyTtlMs)", async () => {
    const frozen = new Date("2026-03-01T00:00:00Z");
    const s = await startTestSandbox({ regKeyTtlMs: 30 * 24 * 60 * 60_000, clock: () => frozen });
    try {
      const regKey = await issueRegKey(s);
      const issued = (await ledger(s)).regKeys.find((r: any) => r.regKey === regKey);
      expect(issued).toMatchObject({
        state: "ACTIVE",
        expiresAt: "2026-03-31T00:00:00.000Z",
        expiredAt: null,
      });

      await s.control("/__sandbox/clock", { nowIso: "2026-03-30T23:59:59Z" });
      // Only checked, not paid with: a payment would start its lifetime again (see
      // sandbox-preapproved.test.ts).
      expect((await checkKey(regKey, s)).returnCode).toBe("0000");
      await s.control("/__sandbox/clock", { advanceMs: 1_000 });
      expect((await checkKey(regKey, s)).returnCode).toBe("1193");
      expect((await pay(regKey, renewalOrder(), s)).returnCode).toBe("1193");
      const expired = (await ledger(s)).regKeys.find((r: any) => r.regKey === regKey);
      expect(expired).toMatchObject({
        state: "EXPIRED",
        expiredAt: "2026-03-31T00:00:00.000Z",
        expiredReason: "lifetime elapsed",
      });
    } finally {
      await s.sandbox.close();
    }
  });
});
