// Starts the LINE Pay sandbox in-process for one test file and offers the few steps most tests
// share (a valid Request body, request → approve, the control API).
import { startSandbox, type SandboxOptions } from "@/lib/linepay-sandbox/server";
import { createRawClient, idText, type RawClient } from "./raw-linepay";

export const TEST_CHANNEL = {
  channelId: "1656000001",
  channelSecret: "sandbox-test-secret-0123456789abcdef",
};

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

export async function startTestSandbox(options: Partial<SandboxOptions> = {}) {
  const sandbox = await startSandbox({ port: 0, channels: [TEST_CHANNEL], ...options });
  const client = createRawClient({ baseUrl: sandbox.url, ...TEST_CHANNEL });
  let orderSeq = 0;

  /** GET without a body, POST with one; `method` overrides (e.g. DELETE). */
  async function control(
    path: string,
    body?: unknown,
    method?: string,
  ): Promise<{ status: number; json: any }> {
    const res = await fetch(sandbox.url + path, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  /** A valid Request body (100 TWD: 2 × 50) with a fresh orderId; override any top-level key. */
  function requestBody(overrides: Record<string, unknown> = {}) {
    return {
      amount: 100,
      currency: "TWD",
      orderId: `ORDER-${Date.now()}-${++orderSeq}`,
      packages: [
        {
          id: "pkg-1",
          amount: 100,
          name: "VIP",
          products: [{ name: "VIP month", quantity: 2, price: 50 }],
        },
      ],
      redirectUrls: {
        confirmUrl: "https://shop.example/confirm",
        cancelUrl: "https://shop.example/cancel",
      },
      ...overrides,
    };
  }

  /** POST /v3/payments/request; returns the transactionId digits and the parsed info. */
  async function requestPayment(overrides: Record<string, unknown> = {}) {
    const body = requestBody(overrides);
    const res = await client.post("/v3/payments/request", body);
    if (res.returnCode !== "0000") throw new Error(`request failed: ${res.text}`);
    return {
      transactionId: idText(res.body.info.transactionId),
      orderId: body.orderId,
      info: res.body.info,
      res,
    };
  }

  /** Request + user approval through the control API: ready for confirm. */
  async function approvedPayment(overrides: Record<string, unknown> = {}) {
    const payment = await requestPayment(overrides);
    const approved = await control(`/__sandbox/payments/${payment.transactionId}/approve`, {});
    if (approved.status !== 200)
      throw new Error(`approve failed: ${JSON.stringify(approved.json)}`);
    return payment;
  }

  /** Request + approve + confirm(capture per overrides). */
  async function confirmedPayment(overrides: Record<string, unknown> = {}) {
    const payment = await approvedPayment(overrides);
    const confirmed = await client.post(`/v3/payments/${payment.transactionId}/confirm`, {
      amount: 100,
      currency: "TWD",
    });
    if (confirmed.returnCode !== "0000") throw new Error(`confirm failed: ${confirmed.text}`);
    return { ...payment, confirmed };
  }

  return {
    sandbox,
    client,
    control,
    requestBody,
    requestPayment,
    approvedPayment,
    confirmedPayment,
  };
}

export type { RawClient };
