// The hosted pages under /QPay.WebPaySite/Bridge/. PayCard takes a card (field ids as SinoPac's
// page: #CardNo1..4, #ExpireMM, #ExpireYY, #CVV2, #send) and, approved or declined, sends the
// browser back to ReturnURL with an auto-submitting urlencoded form of ShopNo + PayToken.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import { escapeHtml as h, readBody, sendHtml } from "./http-io";
import { DECLINED_TEST_CARD } from "./options";
import { payByCard } from "./payments";
import type { SandboxOrder } from "./store";

export const BRIDGE = "/QPay.WebPaySite/Bridge/";

function findOrder(
  ctx: SandboxContext,
  td: string | null,
  tk: string | null,
): SandboxOrder | undefined {
  return [...ctx.store.orders.values()].find((o) => o.tsNo === td && o.pageTicket === tk);
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#222}input{width:3.6rem;padding:.4rem;margin:.1rem}button{padding:.6rem 1rem;margin:.4rem .4rem 0 0}.amount{font-size:1.6rem;font-weight:700}.note{color:#666;font-size:.9rem}</style></head><body><p class="note">永豐銀行 豐收款 — local emulator</p>${body}</body></html>`;

function cardForm(ctx: SandboxContext, order: SandboxOrder, error = "") {
  const [approved] = ctx.config.approvedCards;
  return page(
    "信用卡付款 Card payment",
    `<h1>信用卡付款 Card payment</h1><p>${h(order.prdtName)} · ${h(order.orderNo)}</p><p class="amount">NT$ ${(order.amount / 100).toLocaleString("en-US")}</p>${error ? `<p role="alert">${h(error)}</p>` : ""}
<form method="post"><input type="hidden" name="TD" value="${h(order.tsNo)}"><input type="hidden" name="TK" value="${h(order.pageTicket)}">
<p><label>卡號 Card number<br>${[1, 2, 3, 4].map((i) => `<input id="CardNo${i}" name="CardNo${i}" inputmode="numeric" maxlength="4" aria-label="card digits ${i}">`).join("")}</label></p>
<p><label>有效月年 Expiry <input id="ExpireMM" name="ExpireMM" maxlength="2" placeholder="MM"> / <input id="ExpireYY" name="ExpireYY" maxlength="2" placeholder="YY"></label></p>
<p><label>CVV2 <input id="CVV2" name="CVV2" maxlength="3"></label></p>
<button id="send" type="submit" name="action" value="pay">確認付款 Pay</button><button id="cancel" type="submit" name="action" value="cancel">取消 Cancel</button></form>
<p class="note">Test cards: ${h(approved ?? "")} is approved; any other number (e.g. ${DECLINED_TEST_CARD}) is declined.</p>`,
  );
}

function returnForm(order: SandboxOrder, payToken: string, approved: boolean) {
  return page(
    approved ? "付款完成" : "付款失敗",
    `<p>${approved ? "付款完成，返回商店… Payment done, returning to the shop…" : "付款失敗，返回商店… Payment failed, returning to the shop…"}</p>
<form id="return" method="post" action="${h(order.returnUrl)}"><input type="hidden" name="ShopNo" value="${h(order.shopNo)}"><input type="hidden" name="PayToken" value="${h(payToken)}"><noscript><button type="submit">返回商店 Back to the shop</button></noscript></form>
<script>document.getElementById("return").submit()</script>`,
  );
}

export async function handleBridge(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const kind = url.pathname.slice(BRIDGE.length);
  if (kind === "PayWebATM" || kind === "PayOTP")
    return sendHtml(
      res,
      404,
      page("Not available", "<p>WebATM / OTP 在測試環境無法使用 (as in SinoPac's sandbox).</p>"),
    );
  if (kind !== "PayCard") return sendHtml(res, 404, page("Not found", "<p>Not found</p>"));
  const form = req.method === "POST" ? new URLSearchParams(await readBody(req)) : undefined;
  const order = findOrder(
    ctx,
    form?.get("TD") ?? url.searchParams.get("TD"),
    form?.get("TK") ?? url.searchParams.get("TK"),
  );
  if (!order || order.payType !== "C")
    return sendHtml(res, 404, page("查無訂單", "<p>查無此訂單 Order not found.</p>"));
  if (order.paidAt)
    return sendHtml(res, 409, page("已付款", "<p>此訂單已付款 This order is already paid.</p>"));
  if (ctx.clock.now() > order.expiresAt)
    return sendHtml(res, 410, page("逾時", "<p>付款連結已逾時 The payment link has expired.</p>"));
  if (!form) return sendHtml(res, 200, cardForm(ctx, order));

  const pan = [1, 2, 3, 4].map((i) => form.get(`CardNo${i}`) ?? "").join("");
  if (form.get("action") !== "cancel" && !/^\d{16}$/.test(pan))
    return sendHtml(
      res,
      400,
      cardForm(ctx, order, "請輸入 16 位卡號 Enter the 16-digit card number."),
    );
  const attempt = payByCard(ctx, order, form.get("action") === "cancel" ? "" : pan);
  if (!attempt.ok) return sendHtml(res, 409, page("無法付款", `<p>${h(attempt.reason)}</p>`));
  sendHtml(res, 200, returnForm(order, attempt.token.payToken, attempt.token.status === "S"));
}
