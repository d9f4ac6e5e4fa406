// A deliberately tiny LINE Pay v3 caller for the sandbox tests: signs exactly the bytes it sends
// (§2.2) and keeps the raw response text, so tests can assert on the wire format. Independent of
// lib/linepay (the app's client) and of the sandbox's own signature code.
import { createHmac, randomUUID } from "node:crypto";
import { isLosslessNumber, parse } from "lossless-json";

export interface RawCredentials {
  baseUrl: string;
  channelId: string;
  channelSecret: string;
}

export interface RawResponse {
  status: number;
  text: string;
  /** Lossless parse: every number is a LosslessNumber (use idText / num). */
  body: any;
  returnCode: string | undefined;
}

/** Per-call fetch options, e.g. `{ signal: AbortSignal.timeout(100) }` for a client read timeout. */
export interface CallInit {
  signal?: AbortSignal;
}

export function signLinePay(
  secret: string,
  apiPath: string,
  payload: string,
  nonce: string,
): string {
  return createHmac("sha256", secret)
    .update(secret + apiPath + payload + nonce)
    .digest("base64");
}

async function toRaw(res: Response): Promise<RawResponse> {
  const text = await res.text();
  let body: any;
  try {
    body = parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, text, body, returnCode: body?.returnCode };
}

export function createRawClient(creds: RawCredentials) {
  const headers = (apiPath: string, payload: string, extra: Record<string, string> = {}) => {
    const nonce = randomUUID();
    return {
      "Content-Type": "application/json",
      "X-LINE-ChannelId": creds.channelId,
      "X-LINE-Authorization-Nonce": nonce,
      "X-LINE-Authorization": signLinePay(creds.channelSecret, apiPath, payload, nonce),
      ...extra,
    };
  };
  return {
    /** `body` as a string is sent byte for byte; an object is JSON.stringify'd once. */
    async post(
      apiPath: string,
      body: unknown = {},
      extra?: Record<string, string>,
      init?: CallInit,
    ): Promise<RawResponse> {
      const text = typeof body === "string" ? body : JSON.stringify(body);
      const res = await fetch(creds.baseUrl + apiPath, {
        method: "POST",
        headers: headers(apiPath, text, extra),
        body: text,
        signal: init?.signal,
      });
      return toRaw(res);
    },
    async get(
      apiPath: string,
      query = "",
      extra?: Record<string, string>,
      init?: CallInit,
    ): Promise<RawResponse> {
      const url = creds.baseUrl + apiPath + (query ? `?${query}` : "");
      return toRaw(
        await fetch(url, { headers: headers(apiPath, query, extra), signal: init?.signal }),
      );
    },
  };
}

export type RawClient = ReturnType<typeof createRawClient>;

/** The digits of a lossless-parsed id (throws if the wire value was not a bare number). */
export function idText(value: unknown): string {
  if (!isLosslessNumber(value))
    throw new Error(`expected a bare JSON number, got ${JSON.stringify(value)}`);
  return value.value;
}

/** A lossless-parsed amount as a JS number. */
export function num(value: unknown): number {
  return isLosslessNumber(value) ? Number(value.value) : Number.NaN;
}
