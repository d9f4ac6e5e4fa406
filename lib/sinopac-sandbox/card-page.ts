// The hosted pages under /QPay.WebPaySite/Bridge/. PayCard takes a card (field ids as SinoPac's
// page: #CardNo1..4, #ExpireMM, #ExpireYY, #CVV2, #send) and, approved or declined, sends the
// browser back to ReturnURL with an auto-submitting urlencoded form of ShopNo + PayToken.
import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatorPage, ui } from "../brand/emulator-page";
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
  emulatorPage({
    title,
    lang: "zh-Hant",
    brand: "bank",
    product: "永豐銀行 豐收款 SinoPac",
    mark: "永",
    emulatorLabel: "本機模擬 Local emulator",
    body: `<section class="${ui.card}"><h1 class="mt-0 mb-4 text-xl font-bold">${h(title)}</h1>${body}</section>`,
  });

const digits = `${ui.input} text-center tabular-nums tracking-widest`;

function cardForm(ctx: SandboxContext, order: SandboxOrder, error = "") {
  const [approved] = ctx.config.approvedCards;
  const cardNo = [1, 2, 3, 4]
    .map(
      (i) =>
        `<input id="CardNo${i}" name="CardNo${i}" inputmode="numeric" maxlength="4" aria-label="card digits ${i}" class="${digits}">`,
    )
    .join("");
  return page(
    "信用卡付款 Card payment",
    `<div class="rounded-control bg-subtle px-4 py-3"><p class="m-0 text-sm text-muted">${h(order.prdtName)} · ${h(order.orderNo)}</p><p class="mt-1 mb-0 text-3xl font-bold tabular-nums">NT$ ${(order.amount / 100).toLocaleString("en-US")}</p></div>
${error ? `<p role="alert" class="${ui.alert} mt-4 mb-0">${h(error)}</p>` : ""}
<form method="post" class="mt-5 grid gap-5"><input type="hidden" name="TD" value="${h(order.tsNo)}"><input type="hidden" name="TK" value="${h(order.pageTicket)}">
<fieldset class="m-0 grid gap-1 border-0 p-0"><legend class="mb-1 p-0 font-semibold">卡號 Card number</legend><div class="grid grid-cols-4 gap-2">${cardNo}</div></fieldset>
<div class="grid grid-cols-2 gap-4">
<fieldset class="m-0 border-0 p-0"><legend class="mb-1 p-0 font-semibold">有效月年 Expiry</legend><div class="flex items-center gap-2"><input id="ExpireMM" name="ExpireMM" maxlength="2" placeholder="MM" inputmode="numeric" aria-label="有效月 Expiry month" class="${digits}"><span aria-hidden="true" class="text-muted">/</span><input id="ExpireYY" name="ExpireYY" maxlength="2" placeholder="YY" inputmode="numeric" aria-label="有效年 Expiry year" class="${digits}"></div></fieldset>
<label class="${ui.label}">CVV2 <input id="CVV2" name="CVV2" maxlength="3" inputmode="numeric" class="${digits}"></label>
</div>
<div class="grid gap-3 sm:grid-cols-2"><button id="send" type="submit" name="action" value="pay" class="${ui.primary}">確認付款 Pay</button><button id="cancel" type="submit" name="action" value="cancel" class="${ui.outline}">取消 Cancel</button></div></form>
<p class="${ui.note}">Test cards: ${h(approved ?? "")} is approved; any other number (e.g. ${DECLINED_TEST_CARD}) is declined.</p>`,
  );
}

function returnForm(order: SandboxOrder, payToken: string, approved: boolean) {
  return page(
    approved ? "付款完成" : "付款失敗",
    `<p class="m-0">${approved ? "付款完成，返回商店… Payment done, returning to the shop…" : "付款失敗，返回商店… Payment failed, returning to the shop…"}</p>
<form id="return" method="post" action="${h(order.returnUrl)}"><input type="hidden" name="ShopNo" value="${h(order.shopNo)}"><input type="hidden" name="PayToken" value="${h(payToken)}"><noscript><button type="submit" class="${ui.primary} mt-4">返回商店 Back to the shop</button></noscript></form>
<script>document.getElementById("return").submit()</script>`,
  );
}

const message = (text: string) => `<p class="m-0">${text}</p>`;

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
      page("Not available", message("WebATM / OTP 在測試環境無法使用 (as in SinoPac's sandbox).")),
    );
  if (kind !== "PayCard") return sendHtml(res, 404, page("Not found", message("Not found")));
  const form = req.method === "POST" ? new URLSearchParams(await readBody(req)) : undefined;
  const order = findOrder(
    ctx,
    form?.get("TD") ?? url.searchParams.get("TD"),
    form?.get("TK") ?? url.searchParams.get("TK"),
  );
  if (!order || order.payType !== "C")
    return sendHtml(res, 404, page("查無訂單", message("查無此訂單 Order not found.")));
  if (order.paidAt)
    return sendHtml(res, 409, page("已付款", message("此訂單已付款 This order is already paid.")));
  if (ctx.clock.now() > order.expiresAt)
    return sendHtml(
      res,
      410,
      page("逾時", message("付款連結已逾時 The payment link has expired.")),
    );
  if (!form) return sendHtml(res, 200, cardForm(ctx, order));

  const pan = [1, 2, 3, 4].map((i) => form.get(`CardNo${i}`) ?? "").join("");
  if (form.get("action") !== "cancel" && !/^\d{16}$/.test(pan))
    return sendHtml(
      res,
      400,
      cardForm(ctx, order, "請輸入 16 位卡號 Enter the 16-digit card number."),
    );
  const attempt = payByCard(ctx, order, form.get("action") === "cancel" ? "" : pan);
  if (!attempt.ok) return sendHtml(res, 409, page("無法付款", message(h(attempt.reason))));
  sendHtml(res, 200, returnForm(order, attempt.token.payToken, attempt.token.status === "S"));
}
