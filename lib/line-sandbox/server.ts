// The local LINE platform: LINE Login (access.line.me + api.line.me) and the Messaging API push
// endpoint on one port, a page of pushed messages per user, and a control API for tests:
// GET/DELETE /__sandbox/messages[?to=], GET /__sandbox/users, POST /__sandbox/behaviour
// {failStatus, failCount, failForMs, dropAnswerCount, answerDelayMs}. Imports nothing from the app.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { EMULATOR_STYLESHEET_PATH, serveEmulatorStylesheet } from "../brand/emulator-stylesheet";
import { BodyTooLargeError, parseJsonObject, readBody, sendHtml, sendJson } from "./http-io";
import { decideAuthorize, discovery, showAuthorize, type LoginContext } from "./login-routes";
import { accessGrantOf, issueToken, verifyAccessToken, verifyIdToken } from "./token-routes";
import { messagesPage } from "./messages-page";
import { pushMessage, type MessagingContext } from "./messaging-routes";
import type { LineSandboxOptions } from "./options";
import { LineSandboxStore } from "./store";
import { pickPageLocale } from "./words";

export interface LineSandbox {
  url: string;
  store: LineSandboxStore;
  close(): Promise<void>;
}

/** This folder: its page classes make the login and messages pages' stylesheet. */
const PAGES_DIR = fileURLToPath(new URL(".", import.meta.url));

const wholeNumber = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;

async function setBehaviour(store: LineSandboxStore, req: IncomingMessage, res: ServerResponse) {
  const body = parseJsonObject(await readBody(req));
  if (!body) return sendJson(res, 400, { error: "The body must be a JSON object" });
  const b = store.behaviour;
  const status = wholeNumber(body.failStatus);
  if (status !== undefined && status !== 0 && status !== 429 && (status < 500 || status > 599))
    return sendJson(res, 400, { error: "failStatus must be 0, 429 or 5xx" });
  b.failStatus = status ?? b.failStatus;
  b.failCount = wholeNumber(body.failCount) ?? b.failCount;
  const failForMs = wholeNumber(body.failForMs);
  if (failForMs !== undefined) b.failUntil = Date.now() + failForMs;
  b.dropAnswerCount = wholeNumber(body.dropAnswerCount) ?? b.dropAnswerCount;
  b.answerDelayMs = wholeNumber(body.answerDelayMs) ?? b.answerDelayMs;
  sendJson(res, 200, { behaviour: b });
}

export async function startLineSandbox(options: LineSandboxOptions): Promise<LineSandbox> {
  const host = options.host ?? "127.0.0.1";
  const store = new LineSandboxStore();
  const now = options.now ?? Date.now;
  let issuer = options.publicUrl?.replace(/\/+$/, "") ?? "";
  const login = (): LoginContext => ({ store, channels: options.loginChannels, issuer, now });
  const messaging: MessagingContext = { store, tokens: options.messagingTokens, now };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://line.local");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const locale = pickPageLocale(url.searchParams.get("lang"), req.headers["accept-language"]);
    if (method === "GET" && path === "/.well-known/openid-configuration")
      return sendJson(res, 200, discovery(issuer));
    if (method === "GET" && path === "/oauth2/v2.1/certs") return sendJson(res, 200, { keys: [] });
    if (method === "GET" && path === "/oauth2/v2.1/authorize")
      return showAuthorize(login(), req, res);
    if (method === "POST" && path === "/oauth2/v2.1/authorize/decide")
      return decideAuthorize(login(), req, res);
    if (method === "POST" && path === "/oauth2/v2.1/token") return issueToken(login(), req, res);
    if (method === "POST" && path === "/oauth2/v2.1/verify")
      return verifyIdToken(login(), req, res);
    if (method === "GET" && path === "/oauth2/v2.1/verify")
      return verifyAccessToken(login(), req, res);
    if (
      path === "/oauth2/v2.1/userinfo" ||
      path === "/v2/profile" ||
      path === "/friendship/v1/status"
    ) {
      const grant = accessGrantOf(login(), req, res);
      const user = grant ? store.users.get(grant.userId) : undefined;
      if (!grant || !user) return;
      if (path === "/friendship/v1/status")
        return sendJson(res, 200, { friendFlag: user.isFriend });
      return path === "/v2/profile"
        ? sendJson(res, 200, { userId: user.userId, displayName: user.displayName })
        : sendJson(res, 200, { sub: user.userId, name: user.displayName });
    }
    if (method === "POST" && path === "/v2/bot/message/push")
      return pushMessage(messaging, req, res);
    if (method === "GET" && path === EMULATOR_STYLESHEET_PATH)
      return serveEmulatorStylesheet(res, PAGES_DIR);
    if (method === "GET" && path === "/") return sendHtml(res, 200, messagesPage(store, locale));
    if (method === "GET" && path.startsWith("/users/"))
      return sendHtml(res, 200, messagesPage(store, locale, decodeURIComponent(path.slice(7))));
    if (path === "/__sandbox/messages" && method === "GET")
      return sendJson(res, 200, {
        messages: store.messagesTo(url.searchParams.get("to") ?? undefined),
        duplicatesRefused: store.duplicatesRefused,
      });
    if (path === "/__sandbox/messages" && method === "DELETE") {
      store.clearMessages();
      return sendJson(res, 200, { cleared: true });
    }
    if (path === "/__sandbox/users" && method === "GET")
      return sendJson(res, 200, { users: [...store.users.values()] });
    if (path === "/__sandbox/behaviour" && method === "POST") return setBehaviour(store, req, res);
    sendJson(res, 404, { message: "Not found" });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      if (error instanceof BodyTooLargeError)
        return sendJson(res, 413, { message: "The request body is too large" });
      sendJson(res, 500, { message: "An error occurred in the server." });
    });
  });
  server.listen(options.port ?? 0, host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  issuer ||= url;
  return {
    url,
    store,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
