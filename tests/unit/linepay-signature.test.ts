import { describe, expect, it } from "vitest";
import { signRequest } from "@/lib/linepay/signature";

// docs/linepay-v3.md §2.4
const channelSecret = "a917ab6a2367b536f8e5a6e2977e06f4";
const nonce = "6120489b-53f3-4c51-9d6f-b80be93e509a";
const confirmPath = "/v3/payments/2018082512345678910/confirm";
const requestBody =
  '{"amount":100,"currency":"TWD","orderId":"ORDER-0001","packages":[{"id":"pkg-1","amount":100,"products":[{"name":"Pen","quantity":2,"price":50}]}],"redirectUrls":{"confirmUrl":"https://example.com/confirm","cancelUrl":"https://example.com/cancel"}}';

const vectors: { name: string; apiPath: string; payload: string; expected: string }[] = [
  {
    name: "confirm body",
    apiPath: confirmPath,
    payload: '{"amount":100,"currency":"TWD"}',
    expected: "azeUFbnZ7RkbWk0YBBvcD6i5++96UUxdLi1wcVj8Vkw=",
  },
  {
    name: "confirm body with spaces",
    apiPath: confirmPath,
    payload: '{"amount": 100, "currency": "TWD"}',
    expected: "3oYvYP8FBZTnPYOhvZ4IXD+pZeLe3EnalC3/bH0QTVk=",
  },
  {
    name: "confirm body, other key order",
    apiPath: confirmPath,
    payload: '{"currency":"TWD","amount":100}',
    expected: "JIWC+pbCJfSkoTuUVzbRPktcXzOcpFmd+hpyCkD02rg=",
  },
  {
    name: "request body",
    apiPath: "/v3/payments/request",
    payload: requestBody,
    expected: "vOUofgulMkWhq7mqVZRVfYDn7Y7wD9ISmn0dQC7ArFM=",
  },
  {
    name: "request body with UTF-8 product name",
    apiPath: "/v3/payments/request",
    payload:
      '{"amount":50,"currency":"TWD","orderId":"ORDER-0002","packages":[{"id":"pkg-1","amount":50,"products":[{"name":"銅鑼燒","quantity":1,"price":50}]}],"redirectUrls":{"confirmUrl":"https://example.com/confirm","cancelUrl":"https://example.com/cancel"}}',
    expected: "29AUMaw6IsUd+04kdR6d9eYAKZWDtvmiCdGsclz5RD4=",
  },
  {
    name: "partial refund",
    apiPath: "/v3/payments/2018082512345678910/refund",
    payload: '{"refundAmount":20}',
    expected: "B1NSB6LQtVM//y5sWS0+3/ic0KB8K6mH9Si+SjXx3uY=",
  },
  {
    name: "void with {}",
    apiPath: "/v3/payments/authorizations/2018082512345678910/void",
    payload: "{}",
    expected: "vmtTYou8+Odkjqyq+oHbTPyYxFQGTtMymnAJ8ruwJDU=",
  },
  {
    name: "void with empty body",
    apiPath: "/v3/payments/authorizations/2018082512345678910/void",
    payload: "",
    expected: "WsFQpxDYThSmPJsNhMtGyvWT7pGnulcfPVEOItwqdbI=",
  },
  {
    name: "preapproved payment",
    apiPath: "/v3/payments/preapprovedPay/RK9A2BA1937EQTO/payment",
    payload:
      '{"productName":"Plan","amount":100,"currency":"TWD","orderId":"SUB-0001","capture":true}',
    expected: "xqBF9MARdr6EWWnM0obs5PbPjVliZBRNamsAO3T4Ptk=",
  },
  {
    name: "details query",
    apiPath: "/v3/payments",
    payload: "transactionId=2018082512345678910&orderId=ORDER-0001",
    expected: "yaSGQD1w65TMFeg4XdApVGgREWdSzT8RWpNhQshn6N0=",
  },
  {
    name: "details query with repeated keys",
    apiPath: "/v3/payments",
    payload: "transactionId=2018082512345678910&transactionId=2018082512345678911",
    expected: "v1G4DhxQchVjkdahF4qBB3aki1vuaeDa9iZOcaBaCVI=",
  },
  {
    name: "check status without query",
    apiPath: "/v3/payments/requests/2018082512345678910/check",
    payload: "",
    expected: "ZGxtwG29n4sw2XCSdpt3JOmNCC67z3BELjlU6UfFZ/Q=",
  },
  {
    name: "check regKey with creditCardAuth",
    apiPath: "/v3/payments/preapprovedPay/RK9A2BA1937EQTO/check",
    payload: "creditCardAuth=true",
    expected: "vVamQORZR+DAO3l60WEkWE1QFSG97Zua8Sh7dosKk/s=",
  },
];

describe("signRequest", () => {
  it.each(vectors)("matches the published vector: $name", ({ apiPath, payload, expected }) => {
    expect(signRequest({ channelSecret, apiPath, payload, nonce })).toBe(expected);
  });

  it("produces 44-character standard Base64, not a hex digest", () => {
    const signature = signRequest({
      channelSecret,
      apiPath: "/v3/payments/request",
      payload: requestBody,
      nonce,
    });
    expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(signature).not.toBe("bce5287e0ba53245a1abb9aa5594557d80e7ed8ef00fd2129a7d1d402ec0ac53");
    expect(Buffer.from(signature, "base64").toString("hex")).toBe(
      "bce5287e0ba53245a1abb9aa5594557d80e7ed8ef00fd2129a7d1d402ec0ac53",
    );
  });

  it("signing a GET query with the leading '?' gives the known-wrong signature", () => {
    const wrong = signRequest({
      channelSecret,
      apiPath: "/v3/payments",
      payload: "?transactionId=2018082512345678910&orderId=ORDER-0001",
      nonce,
    });
    expect(wrong).toBe("xhKovIk3cub14eQFm8DXs7XG7oCzdjx7pQj2fb0KZ60=");
    expect(wrong).not.toBe("yaSGQD1w65TMFeg4XdApVGgREWdSzT8RWpNhQshn6N0=");
  });

  it("changes with the secret, the path, the nonce and any byte of the payload", () => {
    const base = {
      channelSecret,
      apiPath: confirmPath,
      payload: '{"amount":100,"currency":"TWD"}',
      nonce,
    };
    const reference = signRequest(base);
    const variants = [
      { ...base, channelSecret: `${channelSecret}x` },
      { ...base, apiPath: "/v3/payments/2018082512345678911/confirm" },
      { ...base, nonce: "6120489b-53f3-4c51-9d6f-b80be93e509b" },
      { ...base, payload: '{"amount":100,"currency":"TWD"}\n' },
      { ...base, payload: '{"amount":101,"currency":"TWD"}' },
    ];
    for (const variant of variants) expect(signRequest(variant)).not.toBe(reference);
  });

  // line-pay-merchant's own unit tests pass the full URL as the "path"; the formula is the same.
  describe("line-pay-merchant vectors", () => {
    const lpm = {
      channelSecret: "channelSecretKey",
      nonce: "00000000-0000-0000-0000-000000000000",
    };

    it("GET with a transactionId query", () => {
      const signature = signRequest({
        ...lpm,
        apiPath: "https://sandbox-api-pay.line.me/v3/payments",
        payload: "transactionId=2021113000697317600",
      });
      expect(signature).toBe("CcToW3HaslH44yvJNliuomtkwufd8aC048p3QXZPlj8=");
    });

    it("POST with a transactionId body", () => {
      const signature = signRequest({
        ...lpm,
        apiPath: "https://sandbox-api-pay.line.me/v3/payments",
        payload: '{"transactionId":"2021113000697317600"}',
      });
      expect(signature).toBe("En0nRkzzQpXrXo6OHNV+827g+rWIwUq5VTk/n9Jm5Ek=");
    });
  });
});
