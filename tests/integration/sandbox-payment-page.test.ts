import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

/** Submits the payment page form like a browser, without following the redirect. */
async function clickButton(paymentUrl: string, action: "approve" | "cancel" | "fail") {
  const token = new URL(paymentUrl).searchParams.get("transactionReserveId") ?? "";
  return fetch(`${t.sandbox.url}/web/payment/action`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ transactionReserveId: token, action }).toString(),
    redirect: "manual",
  });
}

const check = async (id: string) =>
  (await t.client.get(`/v3/payments/requests/${id}/check`)).returnCode;

describe("payment page", () => {
  it("shows merchant, order, products and amount with Approve / Cancel / Fail buttons", async () => {
    const { info, orderId, transactionId } = await t.requestPayment();
    const res = await fetch(info.paymentUrl.web);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    for (const text of ["Sandbox Merchant", orderId, transactionId, "VIP month", "100 TWD"])
      expect(html).toContain(text);
    expect(html).toMatch(/<button[^>]*>Approve payment<\/button>/);
    expect(html).toMatch(/<button[^>]*>Cancel<\/button>/);
    expect(html).toMatch(/<button[^>]*>Fail<\/button>/);
  });

  it("Approve redirects (CLIENT) to confirmUrl with transactionId and orderId", async () => {
    const { info, orderId, transactionId } = await t.requestPayment();
    const res = await clickButton(info.paymentUrl.web, "approve");
    expect([302, 303]).toContain(res.status);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("https://shop.example/confirm");
    expect(location.searchParams.get("transactionId")).toBe(transactionId);
    expect(location.searchParams.get("orderId")).toBe(orderId);
    expect(await check(transactionId)).toBe("0110");
    // Decided pages show their outcome instead of the buttons.
    const again = await (await fetch(info.paymentUrl.web)).text();
    expect(again).toContain('data-state="AUTHENTICATED"');
    expect(again).not.toContain("Approve payment");
  });

  it("appends with '&' to a confirmUrl that has a query, without duplicating an orderId already there", async () => {
    const orderId = `ORD-${Date.now()}`;
    const confirmUrl = `https://shop.example/confirm?lang=zh&orderId=${orderId}`;
    const { info, transactionId } = await t.requestPayment({
      orderId,
      redirectUrls: { confirmUrl, cancelUrl: "https://shop.example/cancel" },
    });
    const location = (await clickButton(info.paymentUrl.web, "approve")).headers.get("location");
    expect(location).toBe(`${confirmUrl}&transactionId=${transactionId}`);
  });

  it("Cancel redirects to cancelUrl with the same params and check answers 0121", async () => {
    const { info, orderId, transactionId } = await t.requestPayment();
    const res = await clickButton(info.paymentUrl.web, "cancel");
    expect(res.headers.get("location")).toBe(
      `https://shop.example/cancel?transactionId=${transactionId}&orderId=${orderId}`,
    );
    expect(await check(transactionId)).toBe("0121");
  });

  it("Fail shows the failure outcome and check answers 0122", async () => {
    const { info, transactionId } = await t.requestPayment();
    const res = await clickButton(info.paymentUrl.web, "fail");
    expect(res.status).toBe(303);
    const page = await (
      await fetch(new URL(res.headers.get("location") ?? "", t.sandbox.url))
    ).text();
    expect(page).toContain('data-state="FAILED"');
    expect(await check(transactionId)).toBe("0122");
  });

  it("answers an unknown token with a readable 404 page", async () => {
    const res = await fetch(`${t.sandbox.url}/web/payment/wait?transactionReserveId=nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("does not exist or has expired");
  });
});

describe("control API as the user", () => {
  it("approve answers JSON with the redirect a browser would follow; a second decision is refused", async () => {
    const { orderId, transactionId } = await t.requestPayment();
    const res = await t.control(`/__sandbox/payments/${transactionId}/approve`, {});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, state: "AUTHENTICATED", transactionId });
    expect(res.json.redirectUrl).toBe(
      `https://shop.example/confirm?transactionId=${transactionId}&orderId=${orderId}`,
    );
    const again = await t.control(`/__sandbox/payments/${transactionId}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ ok: false, state: "AUTHENTICATED" });
    expect((await t.control("/__sandbox/payments/1/approve", {})).status).toBe(404);
  });

  it("cancel and fail answer the cancel redirect and no redirect", async () => {
    const cancelled = await t.requestPayment();
    const res = await t.control(`/__sandbox/payments/${cancelled.transactionId}/cancel`, {});
    expect(res.json).toMatchObject({ ok: true, state: "CANCELLED" });
    expect(res.json.redirectUrl).toContain("https://shop.example/cancel?transactionId=");
    const failed = await t.requestPayment();
    expect(
      (await t.control(`/__sandbox/payments/${failed.transactionId}/fail`, {})).json,
    ).toMatchObject({ state: "FAILED", redirectUrl: null });
  });
});

describe("confirmUrlType", () => {
  let merchant: Server;
  const received: string[] = [];
  beforeAll(async () => {
    merchant = createServer((req, res) => {
      received.push(req.url ?? "");
      res.end("OK");
    });
    await new Promise<void>((resolve) => merchant.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => merchant.close(() => resolve())));

  it("SERVER: the sandbox itself GETs confirmUrl and the browser is not redirected there", async () => {
    const base = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
    const { info, orderId, transactionId } = await t.requestPayment({
      redirectUrls: {
        confirmUrl: `${base}/linepay/confirm`,
        cancelUrl: `${base}/cancel`,
        confirmUrlType: "SERVER",
      },
    });
    const res = await clickButton(info.paymentUrl.web, "approve");
    expect(res.headers.get("location")).toContain("/web/payment/wait?");
    expect(received).toContain(
      `/linepay/confirm?transactionId=${transactionId}&orderId=${orderId}`,
    );
    expect(await check(transactionId)).toBe("0110");
  });

  it("SERVER via the control API reports the notification result", async () => {
    const base = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
    const { transactionId } = await t.requestPayment({
      redirectUrls: { confirmUrl: `${base}/c2`, cancelUrl: `${base}/x`, confirmUrlType: "SERVER" },
    });
    const res = await t.control(`/__sandbox/payments/${transactionId}/approve`, {});
    expect(res.json).toMatchObject({
      ok: true,
      redirectUrl: null,
      serverNotification: { ok: true, status: 200 },
    });
  });

  it("NONE: no redirect at all; the merchant polls check until 0110 and confirms", async () => {
    const { info, transactionId } = await t.requestPayment({
      redirectUrls: { confirmUrlType: "NONE" },
    });
    expect(await check(transactionId)).toBe("0000");
    const res = await clickButton(info.paymentUrl.web, "approve");
    expect(res.headers.get("location")).toContain("/web/payment/wait?");
    expect(await check(transactionId)).toBe("0110");
    const confirmed = await t.client.post(`/v3/payments/${transactionId}/confirm`, {
      amount: 100,
      currency: "TWD",
    });
    expect(confirmed.returnCode).toBe("0000");
    expect(await check(transactionId)).toBe("0123");
  });
});
