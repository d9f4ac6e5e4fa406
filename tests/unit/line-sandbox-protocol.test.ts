// The local LINE sandbox speaks LINE's protocol, seen from LINE's own SDK and from raw HTTP:
// Messaging API push (Bearer token, X-Line-Retry-Key with 409, LINE's error codes and bodies) and
// LINE Login (consent, token with an HS256 ID token signed with the channel secret, single-use
// codes, PKCE, verify, profile and friendship).
import { createHash, createHmac } from "node:crypto";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLineSandbox, type LineSandbox } from "@/lib/line-sandbox/server";

const TOKEN = "unit-messaging-token";
const CHANNEL = { id: "1650000002", secret: "unit-login-secret", name: "VIP Club" };
const USER = `U${"a".repeat(32)}`;
const KEY = "123e4567-e89b-42d3-a456-426614174000";

let line: LineSandbox;
beforeAll(async () => {
  line = await startLineSandbox({ loginChannels: [CHANNEL], messagingTokens: [TOKEN] });
});
afterAll(() => line?.close());
beforeEach(() => {
  line.store.clearMessages();
  Object.assign(line.store.behaviour, { failStatus: 0, failCount: 0, failUntil: 0 });
});

const push = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${line.url}/v2/bot/message/push`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });
const text = (value: string) => ({ to: USER, messages: [{ type: "text" as const, text: value }] });

async function sdkError(call: Promise<unknown>): Promise<HTTPFetchError> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HTTPFetchError);
  return error as HTTPFetchError;
}

describe("Messaging API push", () => {
  const client = (token = TOKEN) =>
    new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: line.url });

  it("accepts a push once per retry key and answers a repeat 409 with the accepted request id", async () => {
    const first = await client().pushMessageWithHttpInfo(text("Hello"), KEY);
    expect(first.body.sentMessages).toHaveLength(1);
    const acceptedId = first.httpResponse.headers.get("x-line-request-id");
    const again = await sdkError(client().pushMessage(text("Hello"), KEY));
    expect(again.status).toBe(409);
    expect(again.headers.get("x-line-accepted-request-id")).toBe(acceptedId);
    expect(JSON.parse(again.body)).toMatchObject({ message: "The retry key is already accepted" });
    expect(line.store.messagesTo(USER)).toHaveLength(1);
    expect(line.store.duplicatesRefused).toBe(1);
    // Without a key every push is a new message.
    await client().pushMessage(text("Hello"));
    await client().pushMessage(text("Hello"));
    expect(line.store.messagesTo(USER)).toHaveLength(3);
  });

  it("answers 401 without the Bearer header or with an unknown token, and keeps nothing", async () => {
    const bad = await sdkError(client("not-our-token").pushMessage(text("Hi"), KEY));
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body).message).toMatch(/^Authentication failed/);
    const missing = await fetch(`${line.url}/v2/bot/message/push`, {
      method: "POST",
      body: JSON.stringify(text("Hi")),
    });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { message: string }).message).toMatch(/Bearer/);
    expect(line.store.pushed).toEqual([]);
    // A refused push did not use up its retry key.
    expect((await push(text("Hi"), { "x-line-retry-key": KEY })).status).toBe(200);
  });

  it("answers 400 with LINE's messages for a bad retry key, recipient or message", async () => {
    const badKey = await push(text("Hi"), { "x-line-retry-key": "not-a-uuid" });
    expect([badKey.status, await badKey.json()]).toEqual([
      400,
      { message: "The value for the 'X-Line-Retry-Key' header is invalid" },
    ]);
    const badTo = await push({ to: "someone", messages: [{ type: "text", text: "Hi" }] });
    expect(badTo.status).toBe(400);
    expect(((await badTo.json()) as { message: string }).message).toMatch(/'to'/);
    const empty = await push({ to: USER, messages: [{ type: "text", text: "" }] });
    expect([empty.status, await empty.json()]).toEqual([
      400,
      {
        message: "The request body has 1 error(s)",
        details: [{ message: "May not be empty", property: "messages[0].text" }],
      },
    ]);
    const tooMany = await push({ to: USER, messages: Array(6).fill({ type: "text", text: "x" }) });
    expect(tooMany.status).toBe(400);
    const tooLong = await push(text("x".repeat(5001)));
    expect(tooLong.status).toBe(400);
    expect(line.store.pushed).toEqual([]);
  });

  it("answers 429 and 500 on request without accepting, then accepts the same key", async () => {
    Object.assign(line.store.behaviour, { failStatus: 429, failCount: 1 });
    const limited = await sdkError(client().pushMessage(text("Hi"), KEY));
    expect([limited.status, JSON.parse(limited.body)]).toEqual([
      429,
      { message: "The API rate limit has been exceeded. Try again later." },
    ]);
    Object.assign(line.store.behaviour, { failStatus: 500, failCount: 1 });
    expect((await sdkError(client().pushMessage(text("Hi"), KEY))).status).toBe(500);
    await client().pushMessage(text("Hi"), KEY);
    expect(line.store.messagesTo(USER)).toHaveLength(1);
    const refused = await fetch(`${line.url}/__sandbox/behaviour`, {
      method: "POST",
      body: JSON.stringify({ failStatus: 404 }),
    });
    expect(refused.status).toBe(400);
  });
});

describe("LINE Login", () => {
  const redirectUri = "http://shop.test/api/auth/callback/line";
  const verifier = "v".repeat(50);
  const challenge = createHash("sha256").update(verifier).digest("base64url");

  async function authorize(extra: Record<string, string>, params: Record<string, string> = {}) {
    const query = {
      response_type: "code",
      client_id: CHANNEL.id,
      redirect_uri: redirectUri,
      state: "st",
      scope: "openid profile email",
      nonce: "n-1",
      bot_prompt: "normal",
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...params,
    };
    const page = await fetch(`${line.url}/oauth2/v2.1/authorize?${new URLSearchParams(query)}`);
    expect(page.status).toBe(200);
    const decided = await fetch(`${line.url}/oauth2/v2.1/authorize/decide`, {
      method: "POST",
      body: new URLSearchParams({ ...query, ...extra }),
      redirect: "manual",
    });
    return new URL(decided.headers.get("location") ?? "");
  }
  const exchange = (code: string, secret = CHANNEL.secret, codeVerifier = verifier) =>
    fetch(`${line.url}/oauth2/v2.1/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${CHANNEL.id}:${secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      }),
    });

  it("issues an HS256 ID token signed with the channel secret, with the confirmed email", async () => {
    const back = await authorize({
      display_name: "Mei",
      email: "mei@example.com",
      email_confirmed: "on",
      share_email: "on",
      add_friend: "on",
      decision: "allow",
    });
    expect(back.searchParams.get("state")).toBe("st");
    expect(back.searchParams.get("friendship_status_changed")).toBe("true");
    const code = back.searchParams.get("code") ?? "";
    const answer = await exchange(code);
    expect(answer.status).toBe(200);
    const tokens = (await answer.json()) as { id_token: string; access_token: string };
    const [head, body, signature] = tokens.id_token.split(".");
    const expected = createHmac("sha256", CHANNEL.secret).update(`${head}.${body}`).digest();
    expect(Buffer.from(signature ?? "", "base64url").equals(expected)).toBe(true);
    const claims = JSON.parse(Buffer.from(body ?? "", "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      iss: line.url,
      aud: CHANNEL.id,
      nonce: "n-1",
      name: "Mei",
      email: "mei@example.com",
    });
    expect(claims.sub).toMatch(/^U[0-9a-f]{32}$/);
    // The code is single use.
    expect(((await (await exchange(code)).json()) as { error: string }).error).toBe(
      "invalid_grant",
    );
    const verified = await fetch(`${line.url}/oauth2/v2.1/verify`, {
      method: "POST",
      body: new URLSearchParams({ id_token: tokens.id_token, client_id: CHANNEL.id }),
    });
    expect(((await verified.json()) as { sub: string }).sub).toBe(claims.sub);
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    const friendship = await fetch(`${line.url}/friendship/v1/status`, { headers: bearer });
    expect(await friendship.json()).toEqual({ friendFlag: true });
    const profile = await fetch(`${line.url}/v2/profile`, { headers: bearer });
    expect(await profile.json()).toEqual({ userId: claims.sub, displayName: "Mei" });
    const noToken = await fetch(`${line.url}/v2/profile`);
    expect(noToken.status).toBe(401);
  });

  it("shares no email LINE has not confirmed, refuses a wrong secret or verifier, and cancels", async () => {
    const unconfirmed = await authorize({
      display_name: "Lin",
      email: "lin@example.com",
      share_email: "on",
      decision: "allow",
    });
    const tokens = (await (await exchange(unconfirmed.searchParams.get("code") ?? "")).json()) as {
      id_token: string;
    };
    const payload = tokens.id_token.split(".")[1] ?? "";
    expect(JSON.parse(Buffer.from(payload, "base64url").toString())).not.toHaveProperty("email");
    const again = await authorize({ display_name: "Lin", decision: "allow" });
    const wrongSecret = await exchange(again.searchParams.get("code") ?? "", "not-the-secret");
    expect(((await wrongSecret.json()) as { error: string }).error).toBe("invalid_client");
    const pkce = await authorize({ display_name: "Lin", decision: "allow" });
    const wrongVerifier = await exchange(pkce.searchParams.get("code") ?? "", CHANNEL.secret, "x");
    expect(((await wrongVerifier.json()) as { error: string }).error).toBe("invalid_grant");
    const cancelled = await authorize({ decision: "cancel" });
    expect(cancelled.searchParams.get("error")).toBe("access_denied");
    const forged = await fetch(`${line.url}/oauth2/v2.1/verify`, {
      method: "POST",
      body: new URLSearchParams({ id_token: `${tokens.id_token}x`, client_id: CHANNEL.id }),
    });
    expect(forged.status).toBe(400);
  });

  it("answers an unknown client with a page, and other bad requests by redirecting with the error", async () => {
    const unknown = await fetch(
      `${line.url}/oauth2/v2.1/authorize?${new URLSearchParams({ client_id: "1", redirect_uri: redirectUri })}`,
    );
    expect(unknown.status).toBe(400);
    const noState = await fetch(
      `${line.url}/oauth2/v2.1/authorize?${new URLSearchParams({ response_type: "code", client_id: CHANNEL.id, redirect_uri: redirectUri, scope: "openid" })}`,
      { redirect: "manual" },
    );
    const location = new URL(noState.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("invalid_request");
    const discovery = (await (
      await fetch(`${line.url}/.well-known/openid-configuration`)
    ).json()) as { issuer: string; token_endpoint: string };
    expect(discovery.issuer).toBe(line.url);
    expect(discovery.token_endpoint).toBe(`${line.url}/oauth2/v2.1/token`);
  });
});
