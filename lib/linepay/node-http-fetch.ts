// The client's default transport: node:http(s) with keep-alive, shaped like the small part of
// fetch the client uses. Node's fetch (undici) costs ≈ 2× the main-thread time per call (request
// and response objects, web streams, abort plumbing), which a renewal run making one call per
// subscription pays thousands of times. Failures look like fetch's: a TypeError("fetch failed")
// whose `cause` carries the socket error code, an abort rejects with the signal's reason, and a
// redirect is refused (LINE Pay never redirects an API call).
import http from "node:http";
import https from "node:https";

export interface LinePayFetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect?: "error";
}

export interface LinePayFetchResponse {
  status: number;
  text(): Promise<string>;
}

/** Any fetch-like function: the global fetch fits, and so does a test's fake. */
export type LinePayFetch = (url: string, init: LinePayFetchInit) => Promise<LinePayFetchResponse>;

const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

export const nodeHttpFetch: LinePayFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const protocol =
      target.protocol === "https:" ? "https:" : target.protocol === "http:" ? "http:" : null;
    if (!protocol)
      return reject(new TypeError(`fetch failed: unsupported protocol ${target.protocol}`));
    if (init.signal.aborted) return reject(init.signal.reason);
    const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
    const headers: Record<string, string | number> = {
      ...init.headers,
      ...(body ? { "Content-Length": body.length } : {}),
    };
    let isSettled = false;
    const fail = (error: unknown) => {
      if (isSettled) return;
      isSettled = true;
      reject(
        init.signal.aborted ? init.signal.reason : new TypeError("fetch failed", { cause: error }),
      );
    };
    const request = (protocol === "https:" ? https : http).request(
      target,
      { method: init.method, headers, agent: agents[protocol], signal: init.signal },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return fail(new Error(`redirect to ${response.headers.location} refused`));
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", fail);
        response.on("aborted", () => fail(new Error("response aborted")));
        response.on("end", () => {
          if (isSettled) return;
          isSettled = true;
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status, text: async () => text });
        });
      },
    );
    request.on("error", fail);
    request.end(body);
  });
