import { describe, expect, it } from "vitest";
import { computeSignature, verifySignature } from "@/lib/linepay-sandbox/signature";

// Vectors from docs/linepay-v3.md §2.4.
const SECRET = "a917ab6a2367b536f8e5a6e2977e06f4";
const NONCE = "6120489b-53f3-4c51-9d6f-b80be93e509a";
const CONFIRM = "/v3/payments/2018082512345678910/confirm";
const REQUEST_BODY =
  '{"amount":100,"currency":"TWD","orderId":"ORDER-0001","packages":[{"id":"pkg-1","amount":100,"products":[{"name":"Pen","quantity":2,"price":50}]}],"redirectUrls":{"confirmUrl":"https://example.com/confirm","cancelUrl":"https://example.com/cancel"}}';
const UTF8_BODY =
  '{"amount":50,"currency":"TWD","orderId":"ORDER-0002","packages":[{"id":"pkg-1","amount":50,"products":[{"name":"銅鑼燒","quantity":1,"price":50}]}],"redirectUrls":{"confirmUrl":"https://example.com/confirm","cancelUrl":"https://example.com/cancel"}}';

const vectors: Array<[string, string, string, string]> = [
  [
    "POST confirm",
    CONFIRM,
    '{"amount":100,"currency":"TWD"}',
    "azeUFbnZ7RkbWk0YBBvcD6i5++96UUxdLi1wcVj8Vkw=",
  ],
  [
    "POST confirm (spaces)",
    CONFIRM,
    '{"amount": 100, "currency": "TWD"}',
    "3oYvYP8FBZTnPYOhvZ4IXD+pZeLe3EnalC3/bH0QTVk=",
  ],
  [
    "POST confirm (key order)",
    CONFIRM,
    '{"currency":"TWD","amount":100}',
    "JIWC+pbCJfSkoTuUVzbRPktcXzOcpFmd+hpyCkD02rg=",
  ],
  [
    "POST request",
    "/v3/payments/request",
    REQUEST_BODY,
    "vOUofgulMkWhq7mqVZRVfYDn7Y7wD9ISmn0dQC7ArFM=",
  ],
  [
    "POST request (UTF-8)",
    "/v3/payments/request",
    UTF8_BODY,
    "29AUMaw6IsUd+04kdR6d9eYAKZWDtvmiCdGsclz5RD4=",
  ],
  [
    "POST refund",
    "/v3/payments/2018082512345678910/refund",
    '{"refundAmount":20}',
    "B1NSB6LQtVM//y5sWS0+3/ic0KB8K6mH9Si+SjXx3uY=",
  ],
  [
    "POST void {}",
    "/v3/payments/authorizations/2018082512345678910/void",
    "{}",
    "vmtTYou8+Odkjqyq+oHbTPyYxFQGTtMymnAJ8ruwJDU=",
  ],
  [
    "POST void (empty)",
    "/v3/payments/authorizations/2018082512345678910/void",
    "",
    "WsFQpxDYThSmPJsNhMtGyvWT7pGnulcfPVEOItwqdbI=",
  ],
  [
    "POST preapproved",
    "/v3/payments/preapprovedPay/RK9A2BA1937EQTO/payment",
    '{"productName":"Plan","amount":100,"currency":"TWD","orderId":"SUB-0001","capture":true}',
    "xqBF9MARdr6EWWnM0obs5PbPjVliZBRNamsAO3T4Ptk=",
  ],
  [
    "GET details",
    "/v3/payments",
    "transactionId=2018082512345678910&orderId=ORDER-0001",
    "yaSGQD1w65TMFeg4XdApVGgREWdSzT8RWpNhQshn6N0=",
  ],
  [
    "GET details (two ids)",
    "/v3/payments",
    "transactionId=2018082512345678910&transactionId=2018082512345678911",
    "v1G4DhxQchVjkdahF4qBB3aki1vuaeDa9iZOcaBaCVI=",
  ],
  [
    "GET check",
    "/v3/payments/requests/2018082512345678910/check",
    "",
    "ZGxtwG29n4sw2XCSdpt3JOmNCC67z3BELjlU6UfFZ/Q=",
  ],
  [
    "GET regKey check",
    "/v3/payments/preapprovedPay/RK9A2BA1937EQTO/check",
    "creditCardAuth=true",
    "vVamQORZR+DAO3l60WEkWE1QFSG97Zua8Sh7dosKk/s=",
  ],
];

const verify = (apiPath: string, payload: Buffer | string, signature: string) =>
  verifySignature({ channelSecret: SECRET, apiPath, payload, nonce: NONCE, signature });

describe("sandbox signature verification", () => {
  it.each(vectors)("accepts the published vector: %s", (_name, apiPath, payload, signature) => {
    expect(computeSignature({ channelSecret: SECRET, apiPath, payload, nonce: NONCE })).toBe(
      signature,
    );
    expect(verify(apiPath, payload, signature)).toBe(true);
    expect(verify(apiPath, Buffer.from(payload, "utf8"), signature)).toBe(true);
  });

  it("rejects a body re-serialised with spaces or another key order", () => {
    const compact = "azeUFbnZ7RkbWk0YBBvcD6i5++96UUxdLi1wcVj8Vkw=";
    expect(verify(CONFIRM, '{"amount": 100, "currency": "TWD"}', compact)).toBe(false);
    expect(verify(CONFIRM, '{"currency":"TWD","amount":100}', compact)).toBe(false);
    expect(verify(CONFIRM, '{"amount":100,"currency":"TWD"}\n', compact)).toBe(false);
  });

  it("rejects a hex digest of the right MAC", () => {
    const hex = "bce5287e0ba53245a1abb9aa5594557d80e7ed8ef00fd2129a7d1d402ec0ac53";
    expect(verify("/v3/payments/request", REQUEST_BODY, hex)).toBe(false);
  });

  it("rejects a query string signed with its leading '?'", () => {
    const query = "transactionId=2018082512345678910&orderId=ORDER-0001";
    const signedWithQuestionMark = computeSignature({
      channelSecret: SECRET,
      apiPath: "/v3/payments",
      payload: `?${query}`,
      nonce: NONCE,
    });
    expect(verify("/v3/payments", query, signedWithQuestionMark)).toBe(false);
  });

  it("rejects empty-body and {} signatures used for each other", () => {
    const path = "/v3/payments/authorizations/2018082512345678910/void";
    expect(verify(path, "", "vmtTYou8+Odkjqyq+oHbTPyYxFQGTtMymnAJ8ruwJDU=")).toBe(false);
    expect(verify(path, "{}", "WsFQpxDYThSmPJsNhMtGyvWT7pGnulcfPVEOItwqdbI=")).toBe(false);
  });

  it("rejects unpadded, wrong-secret and wrong-nonce signatures", () => {
    const good = "azeUFbnZ7RkbWk0YBBvcD6i5++96UUxdLi1wcVj8Vkw=";
    const body = '{"amount":100,"currency":"TWD"}';
    expect(verify(CONFIRM, body, good.replace(/=$/, ""))).toBe(false);
    expect(
      verifySignature({
        channelSecret: "other",
        apiPath: CONFIRM,
        payload: body,
        nonce: NONCE,
        signature: good,
      }),
    ).toBe(false);
    expect(
      verifySignature({
        channelSecret: SECRET,
        apiPath: CONFIRM,
        payload: body,
        nonce: "x",
        signature: good,
      }),
    ).toBe(false);
  });
});
