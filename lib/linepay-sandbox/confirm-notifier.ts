// confirmUrlType=SERVER: LINE's server itself GETs the merchant's confirmUrl, with a 5 s connect
// and 20 s read timeout (§1.4). What LINE does with the response is undocumented; it is recorded only.
import http from "node:http";
import https from "node:https";

export interface NotificationResult {
  url: string;
  ok: boolean;
  status?: number;
  error?: string;
}

export function notifyConfirmUrl(
  url: string,
  timeouts: { connectMs: number; readMs: number },
): Promise<NotificationResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<NotificationResult, "url">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url, ...result });
    };
    const client = url.startsWith("https:") ? https : http;
    const req = client.get(
      url,
      { agent: false, headers: { "User-Agent": "linepay-sandbox" } },
      (res) => {
        res.resume();
        res.on("end", () => finish({ ok: (res.statusCode ?? 0) < 400, status: res.statusCode }));
        res.on("error", (error) =>
          finish({ ok: false, status: res.statusCode, error: error.message }),
        );
      },
    );
    let timer = setTimeout(
      () => req.destroy(new Error(`connect timeout after ${timeouts.connectMs} ms`)),
      timeouts.connectMs,
    );
    req.on("socket", (socket) => {
      socket.once("connect", () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => req.destroy(new Error(`read timeout after ${timeouts.readMs} ms`)),
          timeouts.readMs,
        );
      });
    });
    req.on("error", (error) => finish({ ok: false, error: error.message }));
  });
}
