// Our SinoPac client against the local QPay emulator over real HTTP with real crypto: card (hosted
// page, approve/decline), ATM (transfer, BackendURL with its retry schedule, expiry), OrderQuery
// windows and the 300-row cap, and the envelope rules (single-use nonces, Sign, X-KeyID, faults).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSinoPacClient, type SinoPacCallEvent, type SinoPacClient } from "@/lib/sinopac";
import { decryptMessage, encryptMessage, hashId, sign } from "@/lib/sinopac/crypto";
import { startSinoPacSandbox, type SinoPacSandboxHandle } from "@/lib/sinopac-sandbox/server";
import { sinoPacTestShop } from "../helpers/sinopac-test-shop";

const SHOP = sinoPacTestShop("11111111-2222-4333-8444-555555555555");
const MINUTE = 60_000;

let emulator: SinoPacSandboxHandle;
let client: SinoPacClient;
let receiver: Server;
let receiverUrl: string;
let receiverStatus = 200;
const received: { ShopNo: string; PayToken: string }[] = [];
const events: SinoPacCallEvent[] = [];
let seq = 0;
const orderNo = (suffix = "0") => `IT${Date.now().toString(36)}${(seq += 1)}${suffix}`;

beforeAll(async () => {
  emulator = await startSinoPacSandbox({
    shops: [SHOP],
    tickIntervalMs: 0,
    atmAutoPayAfterMs: 5 * MINUTE,
  });
  client = createSinoPacClient({
    baseUrl: emulator.apiBaseUrl,
    shopNo: SHOP.shopNo,
    hashValues: SHOP.keys,
    keyId: SHOP.keyId,
    timeoutMs: 2_000,
    clock: () => emulator.clock.now(),
    onCall: (event) => void events.push(event),
  });
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body) as { ShopNo: string; PayToken: string });
      res.writeHead(receiverStatus, { "Content-Type": "application/json" });
      res.end(receiverStatus === 200 ? '{"Status":"S"}' : "oops");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
});
afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});
beforeEach(async () => {
  await control("/__sandbox/reset");
  events.length = 0;
  received.length = 0;
  receiverStatus = 200;
});

async function control(path: string, body: unknown = {}) {
  const response = await fetch(`${emulator.url}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const base = {
  amountTwd: 499,
  productName: "VIP 30 天通行證",
  returnUrl: "http://127.0.0.1:9/return",
};

/** Fills the hosted card page like a browser and reads the auto-submitting return form. */
async function payOnCardPage(cardPayUrl: string, pan: string) {
  const pageHtml = await (await fetch(cardPayUrl)).text();
  expect(pageHtml).toContain("NT$ 499");
  const url = new URL(cardPayUrl);
  const form = new URLSearchParams({
    TD: url.searchParams.get("TD") ?? "",
    TK: url.searchParams.get("TK") ?? "",
    action: "pay",
  });
  pan.match(/.{4}/g)?.forEach((part, i) => form.set(`CardNo${i + 1}`, part));
  const html = await (await fetch(cardPayUrl, { method: "POST", body: form })).text();
  const action = /action="([^"]+)"/.exec(html)?.[1];
  const payToken = /name="PayToken" value="([0-9a-f]{64})"/.exec(html)?.[1];
  const shopNo = /name="ShopNo" value="([^"]+)"/.exec(html)?.[1];
  return { action, payToken: payToken ?? "", shopNo };
}

describe("card (PayType C)", () => {
  it("approved: the page posts ShopNo + PayToken back; OrderPayQuery and OrderQuery say paid", async () => {
    const no = orderNo();
    const order = await client.createCardOrder({ ...base, orderNo: no });
    expect(order).toMatchObject({
      orderNo: no,
      amountTwd: 499,
      tsNo: expect.stringMatching(/^NA0000\d{8}$/),
    });
    const back = await payOnCardPage(order.cardPayUrl, "4000221111111111");
    expect(back).toMatchObject({ action: base.returnUrl, shopNo: SHOP.shopNo });
    await expect(client.payQuery(back.payToken)).resolves.toMatchObject({
      paid: true,
      orderNo: no,
      amountTwd: 499,
      payType: "C",
    });
    await expect(client.queryOrder(no)).resolves.toMatchObject({
      state: "paid",
      payStatus: "1C400",
      amountTwd: 499,
    });
  });

  it("declined: a PayToken still comes back, but it reads as not paid and the order stays open", async () => {
    const no = orderNo();
    const order = await client.createCardOrder({ ...base, orderNo: no });
    const back = await payOnCardPage(order.cardPayUrl, "4000220000000002");
    await expect(client.payQuery(back.payToken)).resolves.toMatchObject({
      paid: false,
      declined: true,
      orderNo: no,
    });
    await expect(client.queryOrder(no)).resolves.toMatchObject({ state: "awaiting" });
  });

  it("refuses a duplicate order number and instalments (E0602)", async () => {
    const no = orderNo();
    await client.createCardOrder({ ...base, orderNo: no });
    await expect(client.createCardOrder({ ...base, orderNo: no })).rejects.toMatchObject({
      name: "SinoPacApiError",
      classification: "definitive",
    });
  });
});

describe("ATM (PayType A)", () => {
  const atm = (no: string) =>
    client.createAtmOrder({
      ...base,
      orderNo: no,
      backendUrl: receiverUrl,
      expireDate: new Date(emulator.clock.now().getTime() + 2 * 86_400_000),
    });

  it("a transfer is notified to BackendURL; the PayToken reads as paid; windows with PayFlag find it", async () => {
    const no = orderNo();
    const created = await atm(no);
    expect(created).toMatchObject({
      bankCode: "807",
      virtualAccount: expect.stringMatching(/^\d{14}$/),
      amountTwd: 499,
    });
    expect((await control("/__sandbox/atm/pay", { orderNo: no })).status).toBe(200);
    expect(received).toEqual([
      { ShopNo: SHOP.shopNo, PayToken: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    await expect(client.payQuery(received[0]?.PayToken ?? "")).resolves.toMatchObject({
      paid: true,
      payType: "A",
    });
    const now = emulator.clock.now();
    const window = { field: "pay" as const, from: new Date(now.getTime() - 2 * MINUTE), to: now };
    await expect(client.queryWindow(window, { payType: "A", payFlag: "Y" })).resolves.toMatchObject(
      {
        orders: [
          expect.objectContaining({
            orderNo: no,
            state: "paid",
            payStatus: "1A400",
            virtualAccount: created.virtualAccount,
          }),
        ],
        mayBeTruncated: false,
      },
    );
    await expect(client.queryWindow(window, { payFlag: "N" })).resolves.toMatchObject({
      orders: [],
    });
  });

  it("pays itself after 5 minutes, except order numbers ending in 9, which expire", async () => {
    const paying = orderNo("1");
    const never = orderNo("9");
    await atm(paying);
    await atm(never);
    await control("/__sandbox/clock", { advanceMs: 5 * MINUTE });
    await expect(client.queryOrder(paying)).resolves.toMatchObject({ state: "paid" });
    await expect(client.queryOrder(never)).resolves.toMatchObject({ state: "awaiting" });
    await control("/__sandbox/clock", { advanceMs: 3 * 86_400_000 });
    await expect(client.queryOrder(never)).resolves.toMatchObject({ state: "expired" });
    expect((await control("/__sandbox/atm/pay", { orderNo: never })).status).toBe(409);
  });

  it("retries BackendURL every 10 minutes, 5 attempts in all, then gives up", async () => {
    receiverStatus = 500;
    const no = orderNo();
    await atm(no);
    await control("/__sandbox/atm/pay", { orderNo: no });
    for (let i = 0; i < 6; i += 1) await control("/__sandbox/clock", { advanceMs: 10 * MINUTE });
    const state = (await (await fetch(`${emulator.url}/__sandbox/state`)).json()) as {
      deliveries: { state: string }[];
    };
    expect(received).toHaveLength(5);
    expect(state.deliveries[0]?.state).toBe("gave_up");
  });
});

describe("OrderQuery", () => {
  it("caps a window at 300 rows and says the window may hold more", async () => {
    const from = emulator.clock.now();
    for (let i = 0; i < 301; i += 1) await client.createCardOrder({ ...base, orderNo: orderNo() });
    const result = await client.queryWindow({ field: "order", from, to: emulator.clock.now() });
    expect(result.orders).toHaveLength(300);
    expect(result.mayBeTruncated).toBe(true);
  });
});

describe("envelope rules", () => {
  const id = hashId(SHOP.keys);
  async function rawOrder(
    nonce: string,
    payload: Record<string, unknown>,
    signOverride?: string,
    service = "OrderQuery",
  ) {
    const body = {
      Version: "1.0.0",
      ShopNo: SHOP.shopNo,
      APIService: service,
      Nonce: nonce,
      Sign: signOverride ?? sign(payload, nonce, id),
      Message: encryptMessage(JSON.stringify(payload), id, nonce),
    };
    const response = await fetch(`${emulator.apiBaseUrl}/Order`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-KeyID": SHOP.keyId },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  }
  async function freshNonce() {
    const response = await fetch(`${emulator.apiBaseUrl}/Nonce`, {
      method: "POST",
      headers: { "X-KeyID": SHOP.keyId },
      body: JSON.stringify({ ShopNo: SHOP.shopNo }),
    });
    return ((await response.json()) as { Nonce: string }).Nonce;
  }
  const query = { ShopNo: SHOP.shopNo, OrderNo: "X1" };

  it("accepts a nonce once, refuses it the second time, and refuses one older than 60 s", async () => {
    const nonce = await freshNonce();
    expect(Buffer.from(nonce, "base64").toString()).toMatch(/^\d+\.\d:[0-9a-f]{64}$/);
    expect(await rawOrder(nonce, query)).toHaveProperty("Message");
    expect(await rawOrder(nonce, query)).toMatchObject({
      Status: "F",
      Description: expect.stringContaining("Nonce"),
    });
    const old = await freshNonce();
    await control("/__sandbox/clock", { advanceMs: 61_000 });
    expect(await rawOrder(old, query)).toMatchObject({
      Status: "F",
      Description: expect.stringContaining("expired"),
    });
  });

  it("OrderCreate takes Amount as a JSON number or a string of digits, as clients that passed SinoPac's sandbox send it; nothing else", async () => {
    const create = async (amount: unknown) => {
      const payload = {
        ShopNo: SHOP.shopNo,
        OrderNo: orderNo(),
        Amount: amount,
        CurrencyID: "TWD",
        PrdtName: "VIP",
        PayType: "C",
        ReturnURL: "http://127.0.0.1:9/return",
        CardParam: { AutoBilling: "Y", ExpMinutes: 30 },
        QRCodeStatus: "Y", // a field this emulator does not know is ignored, as the bank does
      };
      const nonce = await freshNonce();
      const answer = await rawOrder(nonce, payload, undefined, "OrderCreate");
      const reply = JSON.parse(
        decryptMessage(answer.Message as string, id, answer.Nonce as string),
      ) as Record<string, unknown>;
      return { reply, stored: emulator.store.order(SHOP.shopNo, payload.OrderNo) };
    };
    for (const amount of [10000, "10000"]) {
      const { reply, stored } = await create(amount);
      expect(reply).toMatchObject({ Status: "S", Amount: 10000 });
      expect(stored?.amount).toBe(10000);
    }
    for (const amount of ["100.00", "0", "-5", "01000", "", 12.5, null]) {
      const { reply, stored } = await create(amount);
      expect(reply).toMatchObject({ Status: "F", Description: "E9101 – 欄位格式錯誤 Amount" });
      expect(stored).toBeUndefined();
    }
  });

  it("OrderQuery reads a condition sent as an empty string as no condition (clients send every field)", async () => {
    const no = orderNo();
    await client.createCardOrder({ ...base, orderNo: no });
    const blank = {
      ShopNo: SHOP.shopNo,
      OrderNo: no,
      PayType: "",
      OrderDateTimeS: "",
      OrderDateTimeE: "",
      PayDateTimeS: "",
      PayDateTimeE: "",
      PayFlag: "",
    };
    const nonce = await freshNonce();
    const answer = await rawOrder(nonce, blank);
    const reply = JSON.parse(
      decryptMessage(answer.Message as string, id, answer.Nonce as string),
    ) as { Status: string; OrderList?: { OrderNo: string }[] };
    expect(reply).toMatchObject({ Status: "S", OrderList: [{ OrderNo: no }] });
    // Only blank: a window with one end missing is still refused.
    const halfWindow = await rawOrder(await freshNonce(), {
      ...blank,
      OrderDateTimeS: "202612010000",
    });
    expect(
      JSON.parse(decryptMessage(halfWindow.Message as string, id, halfWindow.Nonce as string)),
    ).toMatchObject({ Status: "F", Description: "E9401 – 查詢區間錯誤" });
  });

  it("refuses a wrong Sign and a wrong X-KeyID", async () => {
    expect(await rawOrder(await freshNonce(), query, "A".repeat(64))).toMatchObject({
      Status: "F",
      Description: expect.stringContaining("簽章"),
    });
    const stranger = createSinoPacClient({
      baseUrl: emulator.apiBaseUrl,
      shopNo: SHOP.shopNo,
      hashValues: SHOP.keys,
      keyId: "expired-key",
    });
    await expect(stranger.queryOrder("X1")).rejects.toMatchObject({ name: "SinoPacNotSentError" });
  });

  it.each([
    ["http500", /HTTP 500/],
    ["plain_text", /not an envelope/],
    ["no_message", /no Message/],
    ["bad_sign", /Sign does not verify/],
  ])("reports fault %s as an unknown outcome", async (action, message) => {
    await control("/__sandbox/faults", { service: "OrderCreate", action });
    const error = await client
      .createCardOrder({ ...base, orderNo: orderNo() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      classification: "unknown",
      message: expect.stringMatching(message),
    });
    expect(events.at(-1)?.outcome).toBe("UNKNOWN");
  });

  it("a lost answer leaves an order the bank did create; OrderQuery by number finds it", async () => {
    await control("/__sandbox/faults", { service: "OrderCreate", action: "drop_after" });
    const no = orderNo();
    await expect(client.createCardOrder({ ...base, orderNo: no })).rejects.toMatchObject({
      classification: "unknown",
    });
    await expect(client.queryOrder(no)).resolves.toMatchObject({ orderNo: no, state: "awaiting" });
  });
});
