// POST /v2/bot/message/push as LINE answers it: Bearer channel access token (401), X-Line-Retry-Key
// (a UUID; a key already accepted is answered 409 with the accepted request's id), a checked body
// (400 with LINE's messages), and, on request, 429 / 5xx or a lost answer for a while.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { bearerToken, parseJsonObject, readBody, sendJson } from "./http-io";
import type { LineSandboxStore } from "./store";

export interface MessagingContext {
  store: LineSandboxStore;
  tokens: string[];
  now: () => number;
}

const RETRY_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TO = /^[UCR][0-9a-f]{32}$/;
const MESSAGE_TYPES = ["text", "sticker", "image", "video", "audio", "location", "imagemap"];
const MAX_TEXT = 5000;

export const AUTH_REQUIRED = {
  message:
    "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
};
export const AUTH_FAILED = {
  message:
    "Authentication failed. Confirm that the access token in the authorization header is valid.",
};
export const RATE_LIMITED = { message: "The API rate limit has been exceeded. Try again later." };

/** LINE's "The request body has n error(s)" details, one per bad property. */
function messageErrors(messages: unknown): { message: string; property: string }[] {
  if (!Array.isArray(messages) || messages.length === 0)
    return [{ message: "Size must be between 1 and 5", property: "messages" }];
  if (messages.length > 5)
    return [{ message: "Size must be between 1 and 5", property: "messages" }];
  return messages.flatMap((raw: unknown, i) => {
    const m = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    if (!MESSAGE_TYPES.includes(String(m.type)))
      return [
        {
          message: `Must be one of the following values: [${MESSAGE_TYPES.join(", ")}]`,
          property: `messages[${i}].type`,
        },
      ];
    if (m.type !== "text") return [];
    if (typeof m.text !== "string" || m.text.trim() === "")
      return [{ message: "May not be empty", property: `messages[${i}].text` }];
    if (m.text.length > MAX_TEXT)
      return [
        { message: `Length must be between 0 and ${MAX_TEXT}`, property: `messages[${i}].text` },
      ];
    return [];
  });
}

/** Fails the request as the behaviour asks; true when it answered (or dropped) already. */
function failAsAsked(ctx: MessagingContext, res: ServerResponse): boolean {
  const b = ctx.store.behaviour;
  const isFailing = b.failStatus > 0 && (b.failCount > 0 || b.failUntil > ctx.now());
  if (!isFailing) return false;
  if (b.failCount > 0) b.failCount--;
  const body =
    b.failStatus === 429 ? RATE_LIMITED : { message: "An error occurred in the server." };
  sendJson(res, b.failStatus, body, { "x-line-request-id": randomUUID() });
  return true;
}

export async function pushMessage(
  ctx: MessagingContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = { "x-line-request-id": randomUUID() };
  if (!req.headers.authorization) return sendJson(res, 401, AUTH_REQUIRED, requestId);
  const token = bearerToken(req);
  if (!token || !ctx.tokens.includes(token)) return sendJson(res, 401, AUTH_FAILED, requestId);
  const retryKey = req.headers["x-line-retry-key"];
  if (retryKey !== undefined && (typeof retryKey !== "string" || !RETRY_KEY.test(retryKey)))
    return sendJson(
      res,
      400,
      { message: "The value for the 'X-Line-Retry-Key' header is invalid" },
      requestId,
    );
  const body = parseJsonObject(await readBody(req));
  if (!body)
    return sendJson(
      res,
      400,
      {
        message: "The request body has 1 error(s)",
        details: [{ message: "Invalid JSON", property: "" }],
      },
      requestId,
    );
  if (typeof retryKey === "string") {
    const accepted = ctx.store.acceptedPush(retryKey, ctx.now());
    if (accepted) {
      ctx.store.duplicatesRefused++;
      return sendJson(
        res,
        409,
        { message: "The retry key is already accepted", sentMessages: accepted.sentMessages },
        { ...requestId, "x-line-accepted-request-id": accepted.requestId },
      );
    }
  }
  if (failAsAsked(ctx, res)) return;
  if (typeof body.to !== "string" || !TO.test(body.to))
    return sendJson(
      res,
      400,
      { message: "The property, 'to', in the request body is invalid (line: -, column: -)" },
      requestId,
    );
  const errors = messageErrors(body.messages);
  if (errors.length > 0)
    return sendJson(
      res,
      400,
      { message: `The request body has ${errors.length} error(s)`, details: errors },
      requestId,
    );
  const push = ctx.store.acceptPush(
    {
      to: body.to,
      messages: body.messages as Record<string, unknown>[],
      retryKey: typeof retryKey === "string" ? retryKey : null,
    },
    ctx.now(),
  );
  if (ctx.store.behaviour.dropAnswerCount > 0) {
    // Accepted, but the answer is lost on the way back: the sender must retry with the same key.
    ctx.store.behaviour.dropAnswerCount--;
    res.socket?.destroy();
    return;
  }
  const delayMs = ctx.store.behaviour.answerDelayMs;
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  sendJson(res, 200, { sentMessages: push.sentMessages }, { "x-line-request-id": push.requestId });
}
