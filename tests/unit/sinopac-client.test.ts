// The client's envelope handling against a scripted bank (a fetch stand-in that speaks the real
// crypto): verified answers parse into whole NT$; every unusable answer is an error that says
// whether SinoPac may have acted; every call is reported without secrets; each call gets a fresh nonce.
import { describe, expect, it } from "vitest";
import { createSinoPacClient, type SinoPacCallEvent, type SinoPacFetch } from "@/lib/sinopac";
import { encryptMessage, hashId, sign } from "@/lib/sinopac/crypto";

const KEYS = {
  a1: "0011223344556677",
  a2: "8899AABBCCDDEEFF",
  b1: "0123456789ABCDEF",
  b2: "FEDCBA9876543210",
};
const HASH_ID = hashId(KEYS);
const SHOP = "NA0000_001";

type Reply = (request: Record<string, unknown>) => { status?: number; body: string };

function bank(reply: Reply) {
  const nonces: string[] = [];
  const keyIds: string[] = [];
  const fetch: SinoPacFetch = async (url, init) => {
    keyIds.push(init.headers["X-KeyID"] ?? "");
    if (url.endsWith("/Nonce")) {
      const nonce = `nonce-${nonces.length + 1}`;
      nonces.push(nonce);
      return { status: 200, text: async () => JSON.stringify({ Nonce: nonce }) };
    }
    const { status = 200, body } = reply(JSON.parse(init.body) as Record<string, unknown>);
    return { status, text: async () => body };
  };
  return { fetch, nonces, keyIds };
}

function envelope(answer: Record<string, unknown>, nonce = "server-nonce", signOverride?: string) {
  return JSON.stringify({
    Version: "1.0.0",
    ShopNo: SHOP,
    APIService: "OrderCreate",
    Sign: signOverride ?? sign(answer, nonce, HASH_ID),
    Nonce: nonce,
    Message: encryptMessage(JSON.stringify(answer), HASH_ID, nonce),
  });
}

const CARD_ANSWER = {
  OrderNo: "T1",
  ShopNo: SHOP,
  TSNo: "NA000000000001",
  Amount: 49900,
  Status: "S",
  Description: "S0000 – 處理成功",
  PayType: "C",
  CardParam: { CardPayURL: "https://bank.example/PayCard?TD=1&TK=2" },
};

function client(reply: Reply, timeoutMs = 2_000) {
  const b = bank(reply);
  const events: SinoPacCallEvent[] = [];
  const c = createSinoPacClient({
    baseUrl: "https://bank.example/api/",
    shopNo: SHOP,
    hashValues: KEYS,
    keyId: "key-id-secret",
    fetch: b.fetch,
    timeoutMs,
    onCall: (event) => void events.push(event),
  });
  return { c, events, ...b };
}

const cardInput = {
  orderNo: "T1",
  amountTwd: 499,
  productName: "VIP 30 天",
  returnUrl: "https://shop.example/r",
};

describe("SinoPac client envelope", () => {
  it("creates a card order: ×100 on the wire, whole NT$ back, fresh nonce per call, X-KeyID sent", async () => {
    let sent: Record<string, unknown> = {};
    const { c, nonces, keyIds, events } = client((request) => {
      sent = request;
      return { body: envelope(CARD_ANSWER) };
    });
    const first = await c.createCardOrder(cardInput);
    await c.createCardOrder(cardInput);
    expect(first).toEqual({
      orderNo: "T1",
      tsNo: "NA000000000001",
      amountTwd: 499,
      cardPayUrl: CARD_ANSWER.CardParam.CardPayURL,
    });
    expect(nonces).toEqual(["nonce-1", "nonce-2"]);
    expect(sent.Nonce).toBe("nonce-2");
    expect(keyIds.every((k) => k === "key-id-secret")).toBe(true);
    expect(events[0]?.request).toContain('"Amount":49900');
    expect(events[0]).toMatchObject({
      service: "OrderCreate",
      outcome: "SUCCESS",
      tsNo: "NA000000000001",
    });
    const logged = JSON.stringify(events);
    for (const secret of ["key-id-secret", HASH_ID, KEYS.a1, "nonce-1", String(sent.Sign)])
      expect(logged).not.toContain(secret);
  });

  it.each([
    ["a plain-text body", { body: "Sign Error" }, /not an envelope/],
    [
      "JSON without Message",
      { body: '{"Status":"F","Description":"E9999 – X-Key 過期"}' },
      /no Message: E9999/,
    ],
    ["a non-200 status", { status: 502, body: "<html>bad gateway</html>" }, /HTTP 502/],
    [
      "a Sign that does not verify",
      { body: envelope(CARD_ANSWER, "server-nonce", "0".repeat(64)) },
      /Sign does not verify/,
    ],
    [
      "a Message under another nonce",
      { body: envelope(CARD_ANSWER).replace('"Nonce":"server-nonce"', '"Nonce":"other"') },
      /decrypt|Sign/,
    ],
    [
      "a missing CardPayURL",
      { body: envelope({ ...CARD_ANSWER, CardParam: undefined }) },
      /CardPayURL/,
    ],
    [
      "an amount that is not whole NT$",
      { body: envelope({ ...CARD_ANSWER, Amount: 49950 }) },
      /whole NT\$/,
    ],
  ])("treats %s as an unknown outcome", async (_label, reply, message) => {
    const { c, events } = client(() => reply);
    const error = await c.createCardOrder(cardInput).catch((e: unknown) => e);
    expect(error).toMatchObject({
      classification: "unknown",
      message: expect.stringMatching(message),
    });
    expect(events[0]?.outcome).toBe("UNKNOWN");
  });

  it("reads Status F as a definitive refusal with its code", async () => {
    const { c, events } = client(() => ({
      body: envelope({ Status: "F", Description: "E0602 – 收款方式未啟用" }),
    }));
    const error = await c.createCardOrder(cardInput).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "SinoPacApiError",
      code: "E0602",
      classification: "definitive",
    });
    expect(events[0]).toMatchObject({ outcome: "FAILURE", description: "E0602 – 收款方式未啟用" });
  });

  it("times out as unknown", async () => {
    const slow: SinoPacFetch = (url, init) =>
      url.endsWith("/Nonce")
        ? Promise.resolve({ status: 200, text: async () => '{"Nonce":"n"}' })
        : new Promise((_, reject) =>
            init.signal.addEventListener("abort", () => reject(new Error("aborted"))),
          );
    const c = createSinoPacClient({
      baseUrl: "https://b",
      shopNo: SHOP,
      hashValues: KEYS,
      keyId: "k",
      fetch: slow,
      timeoutMs: 50,
    });
    await expect(c.payQuery("a".repeat(64))).rejects.toMatchObject({
      name: "SinoPacTimeoutError",
      classification: "unknown",
    });
  });

  it("refuses bad input before any request (definitive, nothing sent)", async () => {
    const { c, nonces } = client(() => ({ body: "" }));
    await expect(c.createCardOrder({ ...cardInput, orderNo: "bad'no" })).rejects.toMatchObject({
      name: "SinoPacNotSentError",
    });
    await expect(
      c.createCardOrder({ ...cardInput, productName: "長".repeat(21) }),
    ).rejects.toMatchObject({ name: "SinoPacNotSentError" });
    expect(nonces).toEqual([]);
  });

  it("reads an OrderPayQuery answer as paid only when both Statuses are S, declined only on F", async () => {
    const result = (status: string, apType = "PayOut") => ({
      ShopNo: SHOP,
      PayToken: "a".repeat(64),
      Date: "202612031405",
      Status: "S",
      Description: "S0000 – 處理成功",
      TSResultContent: {
        APType: apType,
        TSNo: "NA000000000001",
        OrderNo: "T1",
        ShopNo: SHOP,
        PayType: "C",
        Amount: "49900",
        Status: status,
        Description: "",
        PayDate: "202612031404",
        CCToken: "tok-secret",
      },
    });
    const paid = client(() => ({ body: envelope(result("S")) }));
    await expect(paid.c.payQuery("a".repeat(64))).resolves.toMatchObject({
      paid: true,
      amountTwd: 499,
      paidAt: new Date("2026-12-03T06:04:00Z"),
    });
    expect(paid.events[0]?.response).not.toContain("tok-secret");
    const declined = client(() => ({ body: envelope(result("F")) }));
    await expect(declined.c.payQuery("a".repeat(64))).resolves.toMatchObject({
      paid: false,
      declined: true,
    });
    // Neither a payment nor a definitive decline: an answer this shop does not read as either.
    for (const [status, apType] of [
      ["S", "CaptureOut"],
      ["F", "CaptureOut"],
      ["X", "PayOut"],
    ] as const) {
      const other = client(() => ({ body: envelope(result(status, apType)) }));
      await expect(other.c.payQuery("a".repeat(64))).resolves.toMatchObject({
        paid: false,
        declined: false,
      });
    }
  });
});
