// POST …/Nonce and POST …/Order. Every /Order request must carry a fresh nonce of this shop and IP,
// the right X-KeyID, a Message that decrypts under IV(nonce) and a Sign that verifies; every
// answer is encrypted under a new server nonce and signed over its plaintext.
import type { IncomingMessage, ServerResponse } from "node:http";
import { fail, type ResolvedShop, type SandboxContext } from "./context";
import { decrypt, encrypt, signOf } from "./crypto";
import { parseJsonObject, readBody, remoteIp, sendJson, sendText } from "./http-io";
import { orderCreate } from "./order-create";
import { orderPayQuery, orderQuery } from "./queries";

const SERVICES: Record<
  string,
  (ctx: SandboxContext, shopNo: string, p: Record<string, unknown>) => Record<string, unknown>
> = {
  OrderCreate: orderCreate,
  OrderPayQuery: orderPayQuery,
  OrderQuery: orderQuery,
};

function keyIdOk(shop: ResolvedShop, req: IncomingMessage): boolean {
  return shop.keyId === undefined || req.headers["x-keyid"] === shop.keyId;
}

/** Envelope-level refusal: no encrypted answer. The real shape is UNCONFIRMED, so it is an option. */
function refuse(ctx: SandboxContext, res: ServerResponse, code: string, text: string) {
  ctx.config.log(`refused: ${code} ${text}`);
  const shape = ctx.config.envelopeErrorShape;
  if (shape === "text") return sendText(res, 200, `${code} – ${text}`);
  if (shape === "http400") return sendJson(res, 400, fail(code, text));
  return sendJson(res, 200, fail(code, text));
}

export async function handleNonce(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  const body = parseJsonObject(await readBody(req));
  const shop = typeof body?.ShopNo === "string" ? ctx.shops.get(body.ShopNo) : undefined;
  if (!shop) return refuse(ctx, res, "E9001", "商店代號錯誤");
  if (!keyIdOk(shop, req)) return refuse(ctx, res, "E9002", "X-KeyID 錯誤或過期");
  sendJson(res, 200, { Nonce: ctx.nonces.issue(shop.shopNo, remoteIp(req)) });
}

export async function handleOrder(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  const envelope = parseJsonObject(await readBody(req));
  if (!envelope) return refuse(ctx, res, "E9003", "格式錯誤");
  const { ShopNo, APIService, Sign, Nonce, Message, Version } = envelope;
  const shop = typeof ShopNo === "string" ? ctx.shops.get(ShopNo) : undefined;
  if (!shop) return refuse(ctx, res, "E9001", "商店代號錯誤");
  if (!keyIdOk(shop, req)) return refuse(ctx, res, "E9002", "X-KeyID 錯誤或過期");
  if (Version !== "1.0.0") return refuse(ctx, res, "E9003", "Version 錯誤");
  const service = typeof APIService === "string" ? SERVICES[APIService] : undefined;
  if (!service) return refuse(ctx, res, "E9004", "APIService 錯誤");
  if (typeof Nonce !== "string" || typeof Sign !== "string" || typeof Message !== "string")
    return refuse(ctx, res, "E9003", "格式錯誤");
  const nonceCheck = ctx.nonces.consume(Nonce, shop.shopNo, remoteIp(req));
  if (nonceCheck !== "ok") return refuse(ctx, res, "E9005", `Nonce 無效 (${nonceCheck})`);

  let payload: Record<string, unknown> | undefined;
  try {
    payload = parseJsonObject(decrypt(Message, shop.hashId, Nonce));
  } catch {
    payload = undefined;
  }
  if (!payload) return refuse(ctx, res, "E9006", "Message 解密失敗");
  if (signOf(payload, Nonce, shop.hashId) !== Sign.toUpperCase())
    return refuse(ctx, res, "E9007", "簽章錯誤");
  if (payload.ShopNo !== shop.shopNo) return refuse(ctx, res, "E9001", "商店代號不符");

  const fault = ctx.faults.take(APIService as string);
  if (fault?.action === "http500") return sendText(res, 500, "Internal Server Error");
  if (fault?.action === "plain_text") return sendText(res, 200, "E9999 – 系統忙碌中");
  if (fault?.action === "no_message") return sendJson(res, 200, fail("E9999", "系統忙碌中"));

  const answer = service(ctx, shop.shopNo, payload);
  ctx.config.log(
    `${APIService as string} ${typeof payload.OrderNo === "string" ? payload.OrderNo : ""} → ${String(answer.Description)}`,
  );
  const nonce = ctx.nonces.answerNonce();
  const reply = {
    Version: "1.0.0",
    ShopNo: shop.shopNo,
    APIService,
    Sign: fault?.action === "bad_sign" ? "0".repeat(64) : signOf(answer, nonce, shop.hashId),
    Nonce: nonce,
    Message: encrypt(JSON.stringify(answer), shop.hashId, nonce),
  };
  if (fault?.action === "drop_after") return res.destroy();
  if (fault?.action === "delay_after")
    await new Promise((r) => setTimeout(r, fault.delayMs ?? 30_000));
  sendJson(res, 200, reply);
}
