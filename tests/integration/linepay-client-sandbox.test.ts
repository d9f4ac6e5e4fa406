// Our LINE Pay client against the local sandbox over real HTTP: full payment, refund, authorization
// and pre-approved flows, plus the error codes the app must tell apart.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createLinePayClient,
  isRegKeyDeadCode,
  LinePayApiError,
  LinePayTimeoutError,
  type LinePayCallEvent,
  type LinePayClient,
  type RequestPaymentBody,
} from "@/lib/linepay";
import { startSandbox, type SandboxHandle } from "@/lib/linepay-sandbox/server";

const channel = {
  channelId: "2000000001",
  channelSecret: "integration-test-secret-0123456789",
  currency: "TWD",
};

let sandbox: SandboxHandle;
let client: LinePayClient;
const events: LinePayCallEvent[] = [];
let orderSeq = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ channels: [channel] });
  client = createLinePayClient({
    baseUrl: sandbox.url,
    channelId: channel.channelId,
    channelSecret: channel.channelSecret,
    onCall: (event) => void events.push(event),
  });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  events.length = 0;
});

function paymentBody(amount: number, extra: Partial<RequestPaymentBody> = {}): RequestPaymentBody {
  orderSeq += 1;
  return {
    amount,
    currency: "TWD",
    orderId: `IT-${Date.now()}-${orderSeq}`,
    packages: [{ id: "vip", amount, products: [{ name: "VIP 月費", quantity: 1, price: amount }] }],
    redirectUrls: {
      confirmUrl: "http://127.0.0.1:9/confirm",
      cancelUrl: "http://127.0.0.1:9/cancel",
    },
    ...extra,
  };
}

async function userAction(transactionId: string, action: "approve" | "cancel" | "fail") {
  const response = await fetch(`${sandbox.url}/__sandbox/payments/${transactionId}/${action}`, {
    method: "POST",
  });
  expect(response.status).toBe(200);
}

async function ledgerTransaction(transactionId: string) {
  const ledger = (await (await fetch(`${sandbox.url}/__sandbox/ledger`)).json()) as {
    transactions: { transactionId: string; state: string }[];
  };
  return ledger.transactions.find((t) => t.transactionId === transactionId);
}

async function apiError(promise: Promise<unknown>): Promise<LinePayApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LinePayApiError);
  return error as LinePayApiError;
}

describe("LINE Pay client ↔ sandbox", () => {
  it("request → approve → confirm → details → partial refund → full refund → details", async () => {
    const requested = await client.requestPayment(paymentBody(300));
    const id = requested.transactionId;
    expect(id).toMatch(/^\d{19}$/);
    expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect((await ledgerTransaction(id))?.state).toBe("RESERVED"); // the sandbox knows the exact id
    expect(await client.checkPaymentStatus(id)).toEqual({ status: "reserved", returnCode: "0000" });

    await userAction(id, "approve");
    expect((await client.checkPaymentStatus(id)).status).toBe("authenticated");

    const wrongAmount = await apiError(client.confirmPayment(id, { amount: 299, currency: "TWD" }));
    expect(wrongAmount).toMatchObject({ returnCode: "1153", classification: "definitive" });

    const confirmed = await client.confirmPayment(id, { amount: 300, currency: "TWD" });
    expect(confirmed.transactionId).toBe(id);
    expect((await client.checkPaymentStatus(id)).status).toBe("completed");

    const again = await apiError(client.confirmPayment(id, { amount: 300, currency: "TWD" }));
    expect(again).toMatchObject({ returnCode: "1172", classification: "unknown" });

    const [entry] = await client.getPaymentDetails({ transactionIds: [id] });
    expect(entry).toMatchObject({
      transactionId: id,
      payStatus: "CAPTURE",
      transactionType: "PAYMENT",
    });

    const partial = await client.refundPayment(id, { refundAmount: 100 });
    expect(partial.refundTransactionId).toMatch(/^\d{19}$/);
    const over = await apiError(client.refundPayment(id, { refundAmount: 500 }));
    // 1164/1165 are "unknown": after a lost answer they are what a retry gets (verify the refund list).
    expect(over).toMatchObject({ returnCode: "1164", classification: "unknown" });
    const full = await client.refundPayment(id);
    const twice = await apiError(client.refundPayment(id));
    expect(twice).toMatchObject({ returnCode: "1165", classification: "unknown" });

    const details = await client.getPaymentDetails({
      transactionIds: [id, partial.refundTransactionId],
    });
    const payment = details.find((d) => d.transactionId === id);
    expect(payment?.refundList?.map((r) => [r.refundTransactionId, r.refundAmount])).toEqual([
      [partial.refundTransactionId, -100],
      [full.refundTransactionId, -200],
    ]);
    const refundEntry = details.find((d) => d.transactionId === partial.refundTransactionId);
    expect(refundEntry?.originalTransactionId).toBe(id);

    expect(events.every((e) => !e.request.includes(channel.channelSecret))).toBe(true);
    expect(
      events.find((e) => e.endpoint === "refundPayment" && e.outcome === "UNKNOWN")?.returnCode,
    ).toBe("1164");
  });

  it("confirm before approval → 1169 (definitive), and the reservation is then failed", async () => {
    const { transactionId } = await client.requestPayment(paymentBody(100));
    const error = await apiError(
      client.confirmPayment(transactionId, { amount: 100, currency: "TWD" }),
    );
    expect(error).toMatchObject({
      returnCode: "1169",
      classification: "definitive",
      transactionId,
    });
    expect(await client.checkPaymentStatus(transactionId)).toEqual({
      status: "failed",
      returnCode: "0122",
    });
  });

  it("details of an unconfirmed payment → 1150 (definitive)", async () => {
    const { transactionId } = await client.requestPayment(paymentBody(100));
    const error = await apiError(client.getPaymentDetails({ transactionIds: [transactionId] }));
    expect(error).toMatchObject({
      returnCode: "1150",
      classification: "definitive",
      endpoint: "getPaymentDetails",
    });
  });

  it("authorize (capture=false) → void, then void again is 1165", async () => {
    const body = paymentBody(200, { options: { payment: { capture: false } } });
    const { transactionId } = await client.requestPayment(body);
    await userAction(transactionId, "approve");
    const confirmed = await client.confirmPayment(transactionId, { amount: 200, currency: "TWD" });
    expect(confirmed.authorizationExpireDate).toBeTruthy();
    await client.voidPayment(transactionId);
    const [entry] = await client.getPaymentDetails({ orderIds: [body.orderId] });
    expect(entry).toMatchObject({ transactionId, payStatus: "VOIDED_AUTHORIZATION" });
    expect(await apiError(client.voidPayment(transactionId))).toMatchObject({ returnCode: "1165" });
  });

  it("authorize → partial capture", async () => {
    const { transactionId } = await client.requestPayment(
      paymentBody(200, { options: { payment: { capture: false } } }),
    );
    await userAction(transactionId, "approve");
    await client.confirmPayment(transactionId, { amount: 200, currency: "TWD" });
    const captured = await client.capturePayment(transactionId, { amount: 150, currency: "TWD" });
    expect(captured.transactionId).toBe(transactionId);
  });

  it("pre-approved: confirm issues a regKey that pays, then expires", async () => {
    const body = paymentBody(500, { options: { payment: { payType: "PREAPPROVED" } } });
    const { transactionId } = await client.requestPayment(body);
    await userAction(transactionId, "approve");
    const { regKey } = await client.confirmPayment(transactionId, { amount: 500, currency: "TWD" });
    expect(regKey).toMatch(/^RK[A-Z0-9]+$/);
    const key = regKey ?? "";

    expect(await client.checkRegKey(key)).toEqual({ status: "valid", returnCode: "0000" });
    const renewal = await client.payPreapproved(key, {
      productName: "VIP 月費",
      amount: 500,
      currency: "TWD",
      orderId: `${body.orderId}-R1`,
    });
    expect(renewal.transactionId).toMatch(/^\d{19}$/);
    expect(renewal.transactionId).not.toBe(transactionId);
    const [renewed] = await client.getPaymentDetails({ transactionIds: [renewal.transactionId] });
    expect(renewed).toMatchObject({ transactionId: renewal.transactionId, payStatus: "CAPTURE" });

    expect((await client.expireRegKey(key)).status).toBe("expired");
    expect(await client.checkRegKey(key)).toEqual({ status: "expired", returnCode: "1193" });
    const dead = await apiError(
      client.payPreapproved(key, {
        productName: "VIP 月費",
        amount: 500,
        currency: "TWD",
        orderId: `${body.orderId}-R2`,
      }),
    );
    expect(dead).toMatchObject({ returnCode: "1193", classification: "definitive" });
    expect(isRegKeyDeadCode(dead.returnCode)).toBe(true);

    // The regKey never appears in full in what the app would store.
    expect(JSON.stringify(events)).not.toContain(key);
  });

  it("a confirm slower than the read timeout is a LinePayTimeoutError with unknown outcome", async () => {
    const { transactionId } = await client.requestPayment(paymentBody(100));
    await userAction(transactionId, "approve");
    sandbox.store.outcomes.add({
      match: { endpoint: "confirm", transactionId },
      outcome: { returnCode: "0000", returnMessage: "Success.", delayMs: 1_000 },
      times: 1,
    });
    const impatient = createLinePayClient({
      baseUrl: sandbox.url,
      channelId: channel.channelId,
      channelSecret: channel.channelSecret,
      timeouts: { confirmPayment: 100 },
    });
    const error = await impatient
      .confirmPayment(transactionId, { amount: 100, currency: "TWD" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinePayTimeoutError);
    expect(error).toMatchObject({ classification: "unknown", transactionId });
  });

  it("a wrong channel secret is refused by the sandbox (signature checked on the raw bytes)", async () => {
    const wrong = createLinePayClient({
      baseUrl: sandbox.url,
      channelId: channel.channelId,
      channelSecret: "not-the-secret",
    });
    const error = await apiError(wrong.requestPayment(paymentBody(100)));
    expect(error).toMatchObject({ returnCode: "1106", classification: "definitive" });
  });
});
