import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "@/lib/linepay/node-http-fetch";

let server: Server;
let base = "";
const seen: Array<{
  method?: string;
  url?: string;
  body: string;
  length?: string;
  channel?: string;
}> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({
        method: req.method,
        url: req.url,
        body,
        length: req.headers["content-length"],
        channel: req.headers["x-line-channelid"] as string,
      });
      if (req.url === "/redirect")
        return res.writeHead(302, { Location: "https://elsewhere.example/" }).end();
      if (req.url === "/stall") return res.writeHead(200).write('{"returnCode":'); // never ends
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ returnCode: "0000", echo: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the LINE Pay client's node:http transport", () => {
  it("sends the exact body bytes with their length and headers, and returns status and text", async () => {
    const body = '{"amount":100,"productName":"VIP 會員"}';
    const response = await nodeHttpFetch(`${base}/v3/payments/preapprovedPay/x/payment`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-LINE-ChannelId": "123" },
      body,
      signal: new AbortController().signal,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toEqual({ returnCode: "0000", echo: body });
    expect(seen.at(-1)).toMatchObject({
      method: "POST",
      body,
      length: String(Buffer.byteLength(body)),
      channel: "123",
    });
  });

  it("refuses a redirect instead of following it, as fetch with redirect: error does", async () => {
    await expect(
      nodeHttpFetch(`${base}/redirect`, {
        method: "GET",
        headers: {},
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(TypeError);
  });

  it("fails like fetch when nothing listens: a TypeError whose cause carries ECONNREFUSED", async () => {
    const error = await nodeHttpFetch("http://127.0.0.1:1/", {
      method: "GET",
      headers: {},
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
  });

  it("rejects with the signal's reason when aborted mid-body", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("read timeout")), 100);
    await expect(
      nodeHttpFetch(`${base}/stall`, { method: "GET", headers: {}, signal: controller.signal }),
    ).rejects.toThrow("read timeout");
  });
});
