import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createLinePayClient,
  LinePayApiError,
  LinePayHttpError,
  LinePayNetworkError,
  LinePayResponseError,
  LinePayTimeoutError,
  LinePayValidationError,
  type LinePayCallEvent,
  type LinePayClientOptions,
} from "@/lib/linepay";

// A fake LINE Pay that records the raw bytes of every request and answers with canned raw text.
interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  rawQuery: string;
  headers: IncomingMessage["headers"];
  rawBody: Buffer;
}
type Reply = { status?: number; body: string; delayMs?: number; contentType?: string };

const recorded: RecordedRequest[] = [];
let replies: Reply[] = [];
let server: Server;
let baseUrl: string;

function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    recorded.push({
      method: req.method ?? "",
      url,
      path: q === -1 ? url : url.slice(0, q),
      rawQuery: q === -1 ? "" : url.slice(q + 1),
      headers: req.headers,
      rawBody: Buffer.concat(chunks),
    });
    const reply = replies.shift() ?? { body: '{"returnCode":"0000","returnMessage":"Success."}' };
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, {
        "Content-Type": reply.contentType ?? "application/json",
      });
      res.end(reply.body);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
    else send();
  });
}

const channelSecret = "a917ab6a2367b536f8e5a6e2977e06f4";
const channelId = "1234567890";
const regKey = "RK9A2BA1937EQTO";

function client(overrides: Partial<LinePayClientOptions> = {}) {
  return createLinePayClient({ baseUrl, channelId, channelSecret, ...overrides });
}

function expectValidSignature(request: RecordedRequest, payload: string) {
  const nonce = String(request.headers["x-line-authorization-nonce"]);
  const expected = createHmac("sha256", channelSecret)
    .update(channelSecret + request.path + payload + nonce)
    .digest("base64");
  expect(request.headers["x-line-authorization"]).toBe(expected);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  recorded.length = 0;
  replies = [];
  vi.restoreAllMocks();
});

const requestBody = {
  amount: 100,
  currency: "TWD" as const,
  orderId: "ORDER-0001",
  packages: [{ id: "pkg-1", amount: 100, products: [{ name: "銅鑼燒", quantity: 2, price: 50 }] }],
  redirectUrls: {
    confirmUrl: "https://example.com/confirm",
    cancelUrl: "https://example.com/cancel",
  },
};

describe("LINE Pay client over HTTP", () => {
  it("sends the LINE headers and a signature that verifies over the exact bytes received", async () => {
    replies.push({
      body: '{"returnCode":"0000","returnMessage":"Success.","info":{"paymentUrl":{"web":"https://pay.example/web","app":"line://pay/payment/x"},"transactionId":2021121300698360310,"paymentAccessToken":"056579816895"}}',
    });
    const info = await client().requestPayment({
      ...requestBody,
      internalNote: "never sent",
    } as typeof requestBody);

    expect(info).toEqual({
      transactionId: "2021121300698360310",
      paymentAccessToken: "056579816895",
      paymentUrl: { web: "https://pay.example/web", app: "line://pay/payment/x" },
    });
    const [request] = recorded;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v3/payments/request");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["x-line-channelid"]).toBe(channelId);
    expect(request?.headers["x-line-authorization-nonce"]).toMatch(/^[0-9a-f-]{36}$/);
    const raw = request!.rawBody.toString("utf8");
    expect(raw).not.toContain("internalNote");
    expect(JSON.parse(raw)).toEqual(requestBody);
    expectValidSignature(request!, raw);
  });

  it("matches the published vector when the nonce is fixed", async () => {
    replies.push({
      body: '{"returnCode":"0000","info":{"orderId":"O","transactionId":2018082512345678910,"payInfo":[]}}',
    });
    await client({ nonce: () => "6120489b-53f3-4c51-9d6f-b80be93e509a" }).confirmPayment(
      "2018082512345678910",
      {
        amount: 100,
        currency: "TWD",
      },
    );
    expect(recorded[0]?.rawBody.toString()).toBe('{"amount":100,"currency":"TWD"}');
    expect(recorded[0]?.headers["x-line-authorization"]).toBe(
      "azeUFbnZ7RkbWk0YBBvcD6i5++96UUxdLi1wcVj8Vkw=",
    );
  });

  it("uses a fresh nonce for every call", async () => {
    const c = client();
    await c.checkPaymentStatus("2018082512345678910");
    await c.checkPaymentStatus("2018082512345678910");
    const nonces = recorded.map((r) => r.headers["x-line-authorization-nonce"]);
    expect(new Set(nonces).size).toBe(2);
  });

  it("signs a GET query exactly as placed on the URL, with repeated keys and without '?'", async () => {
    replies.push({
      body:
        '{"returnCode":"0000","returnMessage":"Success.","info":[{"transactionId":2021121300698360310,"transactionDate":"2021-12-13T08:00:00Z","transactionType":"PAYMENT","payStatus":"CAPTURE","orderId":"A\'B C","payInfo":[{"method":"BALANCE","amount":100}],' +
        '"refundList":[{"refundTransactionId":2021121300698360311,"transactionType":"PARTIAL_REFUND","refundAmount":-20,"refundTransactionDate":"2021-12-14T08:00:00Z"}]},' +
        '{"transactionId":2021121300698360311,"originalTransactionId":2021121300698360310,"transactionDate":"2021-12-14T08:00:00Z","transactionType":"PARTIAL_REFUND","payInfo":[]}]}',
    });
    const entries = await client().getPaymentDetails({
      transactionIds: ["2021121300698360310", "2021121300698360311"],
      orderIds: ["A'B C"],
    });
    const [request] = recorded;
    expect(request?.method).toBe("GET");
    expect(request?.rawQuery).toBe(
      "transactionId=2021121300698360310&transactionId=2021121300698360311&orderId=A%27B%20C",
    );
    expect(request?.rawBody.length).toBe(0);
    expectValidSignature(request!, request!.rawQuery);
    expect(entries[0]?.transactionId).toBe("2021121300698360310");
    expect(entries[0]?.refundList?.[0]?.refundTransactionId).toBe("2021121300698360311");
    expect(entries[1]?.originalTransactionId).toBe("2021121300698360310");
  });

  it("signs path + nonce only for a GET without query, and `{}` for bodiless POSTs", async () => {
    const c = client();
    await c.checkPaymentStatus("2018082512345678910");
    await c.voidPayment("2018082512345678910");
    replies.push({
      body: '{"returnCode":"0000","info":{"refundTransactionId":2018082512345678911,"refundTransactionDate":"2018-08-25T09:15:01Z"}}',
    });
    const refund = await c.refundPayment("2018082512345678910");
    expect(refund.refundTransactionId).toBe("2018082512345678911");
    const [check, voided, refunded] = recorded;
    expect(check?.url).toBe("/v3/payments/requests/2018082512345678910/check");
    expectValidSignature(check!, "");
    expect(voided?.rawBody.toString()).toBe("{}");
    expectValidSignature(voided!, "{}");
    expect(refunded?.rawBody.toString()).toBe("{}");
  });

  it("returns check-status and regKey codes as states instead of throwing", async () => {
    replies.push({ body: '{"returnCode":"0110","returnMessage":"Authenticated."}' });
    replies.push({ body: '{"returnCode":"1193","returnMessage":"expired"}' });
    replies.push({ body: '{"returnCode":"1190","returnMessage":"no regKey"}' });
    const c = client();
    expect(await c.checkPaymentStatus("2018082512345678910")).toEqual({
      status: "authenticated",
      returnCode: "0110",
    });
    expect(await c.checkRegKey(regKey, { creditCardAuth: true })).toEqual({
      status: "expired",
      returnCode: "1193",
    });
    expect(await c.expireRegKey(regKey)).toEqual({ status: "not_found", returnCode: "1190" });
    expect(recorded[1]?.rawQuery).toBe("creditCardAuth=true");
    expectValidSignature(recorded[1]!, "creditCardAuth=true");
  });

  it("throws typed API errors with the classification for the endpoint", async () => {
    replies.push({ body: '{"returnCode":"1169","returnMessage":"Not authenticated."}' });
    replies.push({ body: '{"returnCode":"1172","returnMessage":"Existing same orderId."}' });
    replies.push({ body: '{"resultCode":1104,"statusMessage":"Merchant not found."}' });
    const c = client();
    const body = { amount: 100, currency: "TWD" as const };
    const first = await c.confirmPayment("2018082512345678910", body).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(LinePayApiError);
    expect(first).toMatchObject({
      returnCode: "1169",
      classification: "definitive",
      endpoint: "confirmPayment",
      transactionId: "2018082512345678910",
    });
    await expect(c.confirmPayment("2018082512345678910", body)).rejects.toMatchObject({
      returnCode: "1172",
      classification: "unknown",
    });
    await expect(c.confirmPayment("2018082512345678910", body)).rejects.toMatchObject({
      returnCode: "1104",
      returnMessage: "Merchant not found.",
      classification: "definitive",
    });
  });

  it("times out with LinePayTimeoutError classified unknown, and reports it", async () => {
    const events: LinePayCallEvent[] = [];
    replies.push({ delayMs: 1_000, body: '{"returnCode":"0000"}' });
    const c = client({ timeouts: { confirmPayment: 50 }, onCall: (e) => void events.push(e) });
    const error = await c
      .confirmPayment("2018082512345678910", { amount: 100, currency: "TWD" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinePayTimeoutError);
    expect(error).toMatchObject({ classification: "unknown", timeoutMs: 50 });
    expect(events[0]).toMatchObject({
      outcome: "UNKNOWN",
      endpoint: "confirmPayment",
      transactionId: "2018082512345678910",
    });
    expect(events[0]?.error).toContain("LinePayTimeoutError");
    // Under load the server may read the abandoned request after the client gave up: let it take
    // its reply now, or it would take the next test's first reply.
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
  });

  it("treats HTTP 500, a non-JSON body and a malformed success info as unknown outcomes", async () => {
    replies.push({ status: 500, body: '{"returnCode":"0000"}' });
    replies.push({ body: "<html>Bad gateway</html>", contentType: "text/html" });
    replies.push({
      body: '{"returnCode":"0000","info":{"refundTransactionDate":"2018-08-25T09:15:01Z"}}',
    });
    const c = client();
    await expect(c.refundPayment("2018082512345678910", { refundAmount: 20 })).rejects.toSatisfy(
      (e) =>
        e instanceof LinePayHttpError && e.classification === "unknown" && e.httpStatus === 500,
    );
    await expect(c.refundPayment("2018082512345678910", { refundAmount: 20 })).rejects.toSatisfy(
      (e) => e instanceof LinePayResponseError && e.classification === "unknown",
    );
    await expect(c.refundPayment("2018082512345678910", { refundAmount: 20 })).rejects.toSatisfy(
      (e) => e instanceof LinePayResponseError && e.message.includes("refundTransactionId"),
    );
  });

  it("reports a refused connection as a network error that never reached LINE", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await client({ baseUrl: `http://127.0.0.1:${port}` })
      .checkPaymentStatus("1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinePayNetworkError);
    expect(error).toMatchObject({ classification: "unknown", isConnectFailure: true });
  });

  it("refuses invalid input locally without sending anything", async () => {
    const c = client();
    await expect(
      c.confirmPayment("12/../3", { amount: 100, currency: "TWD" }),
    ).rejects.toBeInstanceOf(LinePayValidationError);
    await expect(c.checkRegKey("RK/../../x")).rejects.toBeInstanceOf(LinePayValidationError);
    await expect(c.refundPayment("1", { refundAmount: 10.5 })).rejects.toMatchObject({
      classification: "definitive",
    });
    await expect(c.requestPayment({ ...requestBody, amount: 99 })).rejects.toBeInstanceOf(
      LinePayValidationError,
    );
    expect(recorded).toHaveLength(0);
  });

  it("gives onCall redacted events: no full regKey, secret, nonce or signature anywhere", async () => {
    const events: LinePayCallEvent[] = [];
    const c = client({ onCall: (e) => void events.push(e) });
    replies.push({
      body: `{"returnCode":"0000","returnMessage":"OK","info":{"orderId":"ORDER-0001","transactionId":2021121300698360310,"regKey":"${regKey}","payInfo":[{"method":"CREDIT_CARD","amount":100}]}}`,
    });
    const confirmed = await c.confirmPayment("2021121300698360310", {
      amount: 100,
      currency: "TWD",
    });
    expect(confirmed.regKey).toBe(regKey); // the caller still gets it
    replies.push({
      body: '{"returnCode":"0000","info":{"transactionId":2021121300698360399,"transactionDate":"2021-12-13T08:00:00Z"}}',
    });
    await c.payPreapproved(regKey, {
      productName: "VIP",
      amount: 100,
      currency: "TWD",
      orderId: "SUB-0001",
    });
    replies.push({ body: `{"returnCode":"1190","returnMessage":"regKey ${regKey} not found"}` });
    await c.checkRegKey(regKey);
    await c.expireRegKey(regKey);

    expect(events).toHaveLength(4);
    const serialised = JSON.stringify(events);
    expect(serialised).not.toContain(regKey);
    expect(serialised).not.toContain(channelSecret);
    for (const request of recorded) {
      expect(serialised).not.toContain(String(request.headers["x-line-authorization-nonce"]));
      expect(serialised).not.toContain(String(request.headers["x-line-authorization"]));
    }
    expect(serialised).toContain("RK…QTO");
    expect(events[0]).toMatchObject({
      endpoint: "confirmPayment",
      method: "POST",
      apiPath: "/v3/payments/2021121300698360310/confirm",
      transactionId: "2021121300698360310",
      orderId: "ORDER-0001",
      returnCode: "0000",
      outcome: "SUCCESS",
      httpStatus: 200,
      request: '{"amount":100,"currency":"TWD"}',
    });
    expect(events[0]?.response).toContain('"transactionId":2021121300698360310'); // raw digits kept
    expect(events[1]).toMatchObject({
      apiPath: "/v3/payments/preapprovedPay/RK…QTO/payment",
      transactionId: "2021121300698360399",
      orderId: "SUB-0001",
    });
    expect(events[2]).toMatchObject({
      returnCode: "1190",
      returnMessage: "regKey RK…QTO not found",
      outcome: "SUCCESS",
      request: '{"query":""}',
    });
    expect(events.every((e) => e.latencyMs >= 0)).toBe(true);
  });

  it("does not let a failing onCall hide the payment result", async () => {
    const logError = vi.spyOn(console, "error").mockImplementation(() => {});
    replies.push({
      body: '{"returnCode":"0000","info":{"refundTransactionId":2018082512345678911,"refundTransactionDate":"2018-08-25T09:15:01Z"}}',
    });
    replies.push({ body: '{"returnCode":"1164","returnMessage":"Exceeds refundable amount."}' });
    const c = client({
      onCall: async () => {
        throw new Error("database is down");
      },
    });
    await expect(
      c.refundPayment("2018082512345678910", { refundAmount: 20 }),
    ).resolves.toMatchObject({
      refundTransactionId: "2018082512345678911",
    });
    await expect(
      c.refundPayment("2018082512345678910", { refundAmount: 20 }),
    ).rejects.toMatchObject({ returnCode: "1164" });
    expect(logError).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(logError.mock.calls[0])).toContain("database is down");
    expect(JSON.stringify(logError.mock.calls)).not.toContain(channelSecret);
  });
});
