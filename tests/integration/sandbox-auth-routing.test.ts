import { request as httpRequest } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signLinePay } from "../helpers/raw-linepay";
import { startTestSandbox, TEST_CHANNEL, type TestSandbox } from "../helpers/sandbox-fixture";

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

/** A POST whose headers the test controls completely. */
async function rawPost(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(t.sandbox.url + path, { method: "POST", headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function signedHeaders(
  path: string,
  payload: string,
  secret = TEST_CHANNEL.channelSecret,
  channelId = TEST_CHANNEL.channelId,
) {
  const nonce = randomUUID();
  return {
    "Content-Type": "application/json",
    "X-LINE-ChannelId": channelId,
    "X-LINE-Authorization-Nonce": nonce,
    "X-LINE-Authorization": signLinePay(secret, path, payload, nonce),
  };
}

describe("LINE API authentication", () => {
  const path = "/v3/payments/request";
  const body = JSON.stringify({ amount: 1 });

  it.each(["X-LINE-ChannelId", "X-LINE-Authorization-Nonce", "X-LINE-Authorization"])(
    "answers 1106 when %s is missing",
    async (name) => {
      const headers: Record<string, string> = signedHeaders(path, body);
      delete headers[name];
      const res = await rawPost(path, body, headers);
      expect(res.status).toBe(200);
      expect(res.json.returnCode).toBe("1106");
      expect(res.json.returnMessage).toContain(name);
      expect(res.json).not.toHaveProperty("info");
    },
  );

  it("answers 1104 for an unknown channel", async () => {
    const res = await rawPost(path, body, signedHeaders(path, body, "whatever", "9999999999"));
    expect(res.json.returnCode).toBe("1104");
  });

  it("answers 1106 for a wrong secret, a hex digest, or a re-serialised body", async () => {
    expect(
      (await rawPost(path, body, signedHeaders(path, body, "wrong-secret"))).json.returnCode,
    ).toBe("1106");
    const hexHeaders = signedHeaders(path, body);
    const nonce = hexHeaders["X-LINE-Authorization-Nonce"];
    const { createHmac } = await import("node:crypto");
    const secret = TEST_CHANNEL.channelSecret;
    hexHeaders["X-LINE-Authorization"] = createHmac("sha256", secret)
      .update(secret + path + body + nonce)
      .digest("hex");
    expect((await rawPost(path, body, hexHeaders)).json.returnCode).toBe("1106");
    const spaced = JSON.stringify({ amount: 1 }, null, 1);
    expect((await rawPost(path, spaced, signedHeaders(path, body))).json.returnCode).toBe("1106");
  });

  it("verifies POSTs over the raw bytes: an empty body and {} both authenticate", async () => {
    const voidPath = "/v3/payments/authorizations/2099010100000000001/void";
    for (const payload of ["", "{}"]) {
      const res = await rawPost(voidPath, payload, signedHeaders(voidPath, payload));
      expect(res.json.returnCode).toBe("1150"); // authenticated, then: no such transaction
    }
  });

  it("verifies GETs over the raw query without '?'", async () => {
    const query = "transactionId=2099010100000000001&orderId=NOPE";
    const good = await t.client.get("/v3/payments", query);
    expect(good.returnCode).toBe("1150");
    const nonce = randomUUID();
    const res = await fetch(`${t.sandbox.url}/v3/payments?${query}`, {
      headers: {
        "X-LINE-ChannelId": TEST_CHANNEL.channelId,
        "X-LINE-Authorization-Nonce": nonce,
        "X-LINE-Authorization": signLinePay(
          TEST_CHANNEL.channelSecret,
          "/v3/payments",
          `?${query}`,
          nonce,
        ),
      },
    });
    expect(((await res.json()) as { returnCode: string }).returnCode).toBe("1106");
  });
});

describe("§2.4 vectors sent over HTTP", () => {
  // The published vectors, sent byte for byte with their fixed nonce to a channel using their secret.
  const SECRET = "a917ab6a2367b536f8e5a6e2977e06f4";
  const NONCE = "6120489b-53f3-4c51-9d6f-b80be93e509a";
  const send = async (
    base: string,
    method: "GET" | "POST",
    pathAndQuery: string,
    signature: string,
    body?: string,
  ) => {
    const res = await fetch(base + pathAndQuery, {
      method,
      body,
      headers: {
        "Content-Type": "application/json; charset=UTF-8",
        "X-LINE-ChannelId": "2000000001",
        "X-LINE-Authorization-Nonce": NONCE,
        "X-LINE-Authorization": signature,
      },
    });
    return ((await res.json()) as { returnCode: string }).returnCode;
  };

  it("accepts the vectors (UTF-8 request, empty-body void, GET query) and rejects the '?' variant", async () => {
    const vectors = await startTestSandbox({
      channels: [{ channelId: "2000000001", channelSecret: SECRET }],
    });
    const base = vectors.sandbox.url;
    try {
      const utf8Body =
        '{"amount":50,"currency":"TWD","orderId":"ORDER-0002","packages":[{"id":"pkg-1","amount":50,"products":[{"name":"銅鑼燒","quantity":1,"price":50}]}],"redirectUrls":{"confirmUrl":"https://example.com/confirm","cancelUrl":"https://example.com/cancel"}}';
      expect(
        await send(
          base,
          "POST",
          "/v3/payments/request",
          "29AUMaw6IsUd+04kdR6d9eYAKZWDtvmiCdGsclz5RD4=",
          utf8Body,
        ),
      ).toBe("0000");
      const confirmBody = '{"amount":100,"currency":"TWD"}';
      const confirmPath = "/v3/payments/2018082512345678910/confirm";
      expect(
        await send(
          base,
          "POST",
          confirmPath,
          "azeUFbnZ7RkbWk0YBBvcD6i5++96UUxdLi1wcVj8Vkw=",
          confirmBody,
        ),
      ).toBe("1150");
      expect(
        await send(
          base,
          "POST",
          confirmPath,
          "3oYvYP8FBZTnPYOhvZ4IXD+pZeLe3EnalC3/bH0QTVk=",
          confirmBody,
        ),
      ).toBe("1106");
      const voidPath = "/v3/payments/authorizations/2018082512345678910/void";
      expect(
        await send(base, "POST", voidPath, "WsFQpxDYThSmPJsNhMtGyvWT7pGnulcfPVEOItwqdbI="),
      ).toBe("1150");
      const query = "/v3/payments?transactionId=2018082512345678910&orderId=ORDER-0001";
      expect(await send(base, "GET", query, "yaSGQD1w65TMFeg4XdApVGgREWdSzT8RWpNhQshn6N0=")).toBe(
        "1150",
      );
      expect(await send(base, "GET", query, "xhKovIk3cub14eQFm8DXs7XG7oCzdjx7pQj2fb0KZ60=")).toBe(
        "1106",
      );
    } finally {
      await vectors.sandbox.close();
    }
  });
});

describe("LINE API request parsing and routing", () => {
  it("answers 2102 for malformed JSON and for a non-JSON content type", async () => {
    const path = "/v3/payments/request";
    const broken = '{"amount":100,';
    expect((await rawPost(path, broken, signedHeaders(path, broken))).json.returnCode).toBe("2102");
    const form = "amount=100";
    const headers = {
      ...signedHeaders(path, form),
      "Content-Type": "application/x-www-form-urlencoded",
    };
    expect((await rawPost(path, form, headers)).json.returnCode).toBe("2102");
  });

  it("answers unsupported versions and unknown paths with a 404 JSON error", async () => {
    const v2 = await fetch(`${t.sandbox.url}/v2/payments/request`, { method: "POST", body: "{}" });
    expect(v2.status).toBe(404);
    expect(await v2.json()).toMatchObject({ error: { code: "unsupported_api_version" } });
    const unknown = await fetch(`${t.sandbox.url}/v3/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
    const wrongMethod = await fetch(`${t.sandbox.url}/v3/payments/request`);
    expect(wrongMethod.status).toBe(405);
  });

  it("accepts absolute-form request targets (HTTP proxy style) and verifies the path part", async () => {
    const path = "/v3/payments/requests/2099010100000000001/check";
    const status = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: t.sandbox.port,
          method: "GET",
          path: `https://sandbox-api-pay.line.me${path}`,
          headers: { ...signedHeaders(path, ""), Host: "sandbox-api-pay.line.me" },
        },
        (res) => {
          let data = "";
          res.on("data", (c) => (data += c));
          res.on("end", () => resolve({ code: res.statusCode ?? 0, body: data }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status.code).toBe(200);
    expect(JSON.parse(status.body).returnCode).toBe("1150");
  });
});

describe("latency", () => {
  it("delays every LINE API response by latencyMs but not the payment page or control API", async () => {
    const slow = await startTestSandbox({ latencyMs: 300 });
    try {
      let started = performance.now();
      const payment = await slow.requestPayment();
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);

      started = performance.now();
      expect((await slow.client.get("/v3/payments/requests/1/check")).returnCode).toBe("1150");
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);

      started = performance.now();
      expect((await fetch(payment.info.paymentUrl.web)).status).toBe(200);
      expect((await slow.control("/__sandbox/ledger")).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(250);
    } finally {
      await slow.sandbox.close();
    }
  });
});
