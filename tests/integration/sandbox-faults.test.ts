// Fault-injection control API: rule management, validation, matching, `times`, and the actions
// that never run the handler (returnCode, http500, reset). Money-moving faults are in
// sandbox-faults-money.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());
beforeEach(async () => {
  await t.control("/__sandbox/faults", undefined, "DELETE");
});

const addFault = (rule: unknown) => t.control("/__sandbox/faults", rule);
const confirm = (transactionId: string) =>
  t.client.post(`/v3/payments/${transactionId}/confirm`, { amount: 100, currency: "TWD" });
const check = (transactionId: string) =>
  t.client.get(`/v3/payments/requests/${transactionId}/check`);

async function ledgerEntry(transactionId: string) {
  const { json } = await t.control("/__sandbox/ledger");
  return json.transactions.find((tx: any) => tx.transactionId === transactionId);
}

async function issueRegKey(): Promise<string> {
  const { confirmed } = await t.confirmedPayment({
    options: { payment: { payType: "PREAPPROVED" } },
  });
  return confirmed.body.info.regKey as string;
}

describe("rule management", () => {
  it("adds (201 + id), lists with remaining counts, deletes one, clears all; reset clears too", async () => {
    const a = await addFault({
      match: { endpoint: "confirm" },
      action: { type: "http500" },
      times: 2,
    });
    expect(a.status).toBe(201);
    expect(a.json).toEqual({ ok: true, id: expect.any(String) });
    const b = await addFault({ match: { orderId: "X-1" }, action: { type: "delay", ms: 10 } });

    const listed = await t.control("/__sandbox/faults");
    expect(listed.json.faults).toEqual([
      {
        id: a.json.id,
        match: { endpoint: "confirm" },
        action: { type: "http500" },
        times: 2,
        remaining: 2,
        hits: 0,
      },
      {
        id: b.json.id,
        match: { orderId: "X-1" },
        action: { type: "delay", ms: 10 },
        times: null,
        remaining: null,
        hits: 0,
      },
    ]);

    expect((await t.control(`/__sandbox/faults/${a.json.id}`, undefined, "DELETE")).json).toEqual({
      ok: true,
    });
    expect((await t.control(`/__sandbox/faults/${a.json.id}`, undefined, "DELETE")).status).toBe(
      404,
    );
    expect((await t.control("/__sandbox/faults")).json.faults.map((f: any) => f.id)).toEqual([
      b.json.id,
    ]);

    await addFault({ match: {}, action: { type: "reset" } });
    expect((await t.control("/__sandbox/faults", undefined, "DELETE")).json).toEqual({
      ok: true,
      removed: 2,
    });
    expect((await t.control("/__sandbox/faults")).json.faults).toEqual([]);

    await addFault({ match: {}, action: { type: "reset" } });
    await t.control("/__sandbox/reset", {});
    expect((await t.control("/__sandbox/faults")).json.faults).toEqual([]);
  });

  it.each([
    [{ action: { type: "http500" } }, "match"],
    [{ match: {}, action: { type: "explode" } }, "action.type"],
    [{ match: { endpiont: "confirm" }, action: { type: "reset" } }, "endpiont"],
    [{ match: { endpoint: "pay" }, action: { type: "reset" } }, "match.endpoint"],
    [{ match: {}, action: { type: "delay" } }, "action.ms"],
    [{ match: {}, action: { type: "delay", ms: -1 } }, "action.ms"],
    [{ match: {}, action: { type: "returnCode", returnCode: "42" } }, "action.returnCode"],
    [{ match: {}, action: { type: "reset" }, times: 0 }, "times"],
    [{ match: { transactionId: "abc" }, action: { type: "reset" } }, "match.transactionId"],
  ])("refuses %j with 400 naming %s", async (rule, field) => {
    const res = await addFault(rule);
    expect(res.status).toBe(400);
    expect(res.json.ok).toBe(false);
    expect(res.json.error).toContain(field);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await fetch(`${t.sandbox.url}/__sandbox/faults`, { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/JSON/);
    expect((await t.control("/__sandbox/faults")).json.faults).toEqual([]);
  });
});

describe("returnCode", () => {
  it("answers the scripted envelope without running the handler; default and custom messages", async () => {
    const { transactionId } = await t.approvedPayment();
    await addFault({
      match: { endpoint: "confirm", transactionId },
      action: { type: "returnCode", returnCode: "1142" },
      times: 1,
    });
    const first = await confirm(transactionId);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      returnCode: "1142",
      returnMessage: "Insufficient balance remains.",
    });
    expect((await ledgerEntry(transactionId)).state).toBe("AUTHENTICATED");

    await addFault({
      match: { transactionId },
      action: { type: "returnCode", returnCode: "4321" },
      times: 1,
    });
    expect((await check(transactionId)).body.returnMessage).toBe("Scripted by the sandbox");
    await addFault({
      match: { transactionId },
      action: { type: "returnCode", returnCode: "9000", returnMessage: "Boom." },
      times: 1,
    });
    expect((await check(transactionId)).body).toEqual({
      returnCode: "9000",
      returnMessage: "Boom.",
    });
    // Rules used up: the real handler answers again.
    expect((await confirm(transactionId)).returnCode).toBe("0000");
  });

  it("can send a success info whose ids stay bare 19-digit numbers", async () => {
    const regKey = await issueRegKey();
    const info = '{"transactionId":2026010100000000123,"orderId":"FAKE-1"}';
    const rule = `{"match":{"regKey":"${regKey}","endpoint":"payPreapproved"},"action":{"type":"returnCode","returnCode":"0000","info":${info}},"times":1}`;
    const added = await fetch(`${t.sandbox.url}/__sandbox/faults`, { method: "POST", body: rule });
    expect(added.status).toBe(201);
    const res = await t.client.post(`/v3/payments/preapprovedPay/${regKey}/payment`, {
      productName: "VIP",
      amount: 100,
      currency: "TWD",
      orderId: "FAKE-1",
    });
    expect(res.text).toBe(`{"returnCode":"0000","returnMessage":"Success.","info":${info}}`);
    // Nothing was charged: the only transaction is the one that issued the key.
    const { json } = await t.control("/__sandbox/ledger");
    expect(json.transactions.filter((tx: any) => tx.viaRegKey === regKey)).toEqual([]);
  });
});

describe("matching", () => {
  it("matches by endpoint, orderId, regKey and transactionId; first matching rule wins; times is consumed", async () => {
    const a = await t.requestPayment();
    const b = await t.requestPayment();
    const regKey = await issueRegKey();
    await addFault({
      match: { orderId: a.orderId },
      action: { type: "returnCode", returnCode: "1101" },
      times: 2,
    });
    await addFault({
      match: { endpoint: "checkPaymentStatus" },
      action: { type: "returnCode", returnCode: "1102" },
      times: 1,
    });
    await addFault({ match: { regKey }, action: { type: "returnCode", returnCode: "1141" } });
    await addFault({
      match: { transactionId: b.transactionId },
      action: { type: "returnCode", returnCode: "1199" },
    });

    // `a` hits the orderId rule (first in order) twice, then the endpoint rule once, then nothing.
    expect((await check(a.transactionId)).returnCode).toBe("1101");
    expect((await check(a.transactionId)).returnCode).toBe("1101");
    expect((await check(a.transactionId)).returnCode).toBe("1102");
    expect((await check(a.transactionId)).returnCode).toBe("0000");
    expect((await check(b.transactionId)).returnCode).toBe("1199");
    expect((await t.client.get(`/v3/payments/preapprovedPay/${regKey}/check`)).returnCode).toBe(
      "1141",
    );
    // Payment Details matches when any queried id is the rule's.
    expect(
      (await t.client.get("/v3/payments", `transactionId=1&transactionId=${b.transactionId}`))
        .returnCode,
    ).toBe("1199");
    // A request matches on the orderId in its body before anything is created.
    const orderId = `FAULT-REQ-${Date.now()}`;
    await addFault({
      match: { endpoint: "request", orderId },
      action: { type: "returnCode", returnCode: "1172" },
      times: 1,
    });
    expect(
      (await t.client.post("/v3/payments/request", t.requestBody({ orderId }))).returnCode,
    ).toBe("1172");
    expect(
      (await t.client.post("/v3/payments/request", t.requestBody({ orderId }))).returnCode,
    ).toBe("0000");

    const left = (await t.control("/__sandbox/faults")).json.faults;
    expect(left.map((f: any) => [f.action.returnCode, f.hits, f.remaining])).toEqual([
      ["1141", 1, null],
      ["1199", 2, null],
    ]);
  });
});

describe("http500 and reset", () => {
  it("http500 answers a non-LINE 500 body and changes nothing", async () => {
    const { transactionId } = await t.approvedPayment();
    await addFault({
      match: { endpoint: "confirm", transactionId },
      action: { type: "http500" },
      times: 1,
    });
    const res = await confirm(transactionId);
    expect(res.status).toBe(500);
    expect(res.body).toBeUndefined();
    expect(res.text).toContain("500 Internal Server Error");
    expect((await ledgerEntry(transactionId)).state).toBe("AUTHENTICATED");
    expect((await confirm(transactionId)).returnCode).toBe("0000");
  });

  it("reset destroys the connection before processing and changes nothing", async () => {
    const { transactionId } = await t.approvedPayment();
    await addFault({
      match: { endpoint: "confirm", transactionId },
      action: { type: "reset" },
      times: 1,
    });
    const error = await confirm(transactionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as TypeError).cause)).toMatch(/ECONNRESET|other side closed|socket/i);
    expect((await ledgerEntry(transactionId)).state).toBe("AUTHENTICATED");
    expect((await confirm(transactionId)).returnCode).toBe("0000");
  });
});

describe("programmatic API", () => {
  it("sandbox.faults and the legacy store.outcomes share the registry; invalid rules throw", async () => {
    const { transactionId } = await t.approvedPayment();
    const id = t.sandbox.faults.add({
      match: { transactionId },
      action: { type: "returnCode", returnCode: "1280" },
      times: 1,
    });
    t.sandbox.store.outcomes.add({
      match: { transactionId },
      outcome: { returnCode: "1281", returnMessage: "Card payment error." },
      times: 1,
    });
    expect(t.sandbox.faults.list().map((f) => f.id)).toContain(id);
    expect((await confirm(transactionId)).returnCode).toBe("1280");
    expect((await confirm(transactionId)).returnCode).toBe("1281");
    expect((await confirm(transactionId)).returnCode).toBe("0000");
    expect(() => t.sandbox.faults.add({ match: {}, action: { type: "delay", ms: -5 } })).toThrow(
      /action\.ms/,
    );
    expect(t.sandbox.faults.size).toBe(0);
  });

  it("store.outcomes.clear() removes only the rules it added", () => {
    const own = t.sandbox.faults.add({ match: { endpoint: "void" }, action: { type: "http500" } });
    t.sandbox.store.outcomes.add({
      match: { endpoint: "void" },
      outcome: { returnCode: "1165", returnMessage: "x" },
    });
    t.sandbox.store.outcomes.clear();
    expect(t.sandbox.faults.list().map((f) => f.id)).toEqual([own]);
  });
});

describe("controlApi: false", () => {
  it("hides /__sandbox/faults", async () => {
    const locked = await startTestSandbox({ controlApi: false });
    try {
      expect((await fetch(`${locked.sandbox.url}/__sandbox/faults`)).status).toBe(404);
      const res = await fetch(`${locked.sandbox.url}/__sandbox/faults`, {
        method: "POST",
        body: '{"match":{},"action":{"type":"reset"}}',
      });
      expect(res.status).toBe(404);
      expect(locked.sandbox.faults.size).toBe(0);
    } finally {
      await locked.sandbox.close();
    }
  });
});
