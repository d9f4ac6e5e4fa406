// The LINE Pay payment page stand-in: GET /web/payment/wait?transactionReserveId=… shows the order
// with Approve / Cancel / Fail buttons; POST /web/payment/action applies the choice and redirects
// the browser like LINE does (CLIENT mode: confirmUrl / cancelUrl with transactionId and orderId).
import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatorPage, ui } from "../brand/emulator-page";
import { readBody, sendHtml, sendRedirect, type RequestTarget } from "./http-io";
import type { SandboxConfig } from "./options";
import type { TransactionRecord } from "./records";
import { RESERVATION_EXPIRED_REASON, type SandboxStore } from "./store";
import { appendParams, applyUserAction, type UserAction } from "./user-actions";
import { money } from "./wire-info";

interface PageDeps {
  store: SandboxStore;
  config: SandboxConfig;
}

const ACTIONS: readonly UserAction[] = ["approve", "cancel", "fail"];

export function isPaymentPagePath(path: string): boolean {
  return path === "/web/payment/wait" || path === "/web/payment/action";
}

export async function handlePaymentPage(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  deps: PageDeps,
) {
  if (target.path === "/web/payment/wait" && req.method === "GET") {
    const token = new URLSearchParams(target.query).get("transactionReserveId") ?? "";
    return renderWait(res, deps, token);
  }
  if (target.path === "/web/payment/action" && req.method === "POST") {
    const form = new URLSearchParams((await readBody(req)).toString("utf8"));
    const token = form.get("transactionReserveId") ?? "";
    const action = form.get("action") as UserAction;
    const tx = findLive(deps.store, token);
    if (!tx || !ACTIONS.includes(action)) return sendHtml(res, 404, notFoundPage());
    const result = await applyUserAction(tx, action, deps);
    // 303 so the browser follows with GET; without a merchant URL it lands on the outcome page.
    if (result.ok && result.redirectUrl) return sendRedirect(res, 303, result.redirectUrl);
    return sendRedirect(res, 303, waitPath(token));
  }
  sendHtml(
    res,
    405,
    page(
      "Method not allowed",
      '<p class="m-0">This page only supports GET (view) and POST (decide).</p>',
    ),
  );
}

/** The transaction behind a token, unless the 20-minute window has passed (LINE shows an error then). */
function findLive(store: SandboxStore, token: string): TransactionRecord | undefined {
  const tx = token ? store.getByReserveToken(token) : undefined;
  if (!tx || tx.history.at(-1)?.reason === RESERVATION_EXPIRED_REASON) return undefined;
  return tx;
}

function renderWait(res: ServerResponse, deps: PageDeps, token: string) {
  const tx = findLive(deps.store, token);
  if (!tx) return sendHtml(res, 404, notFoundPage());
  const channel = deps.config.channels.get(tx.channelId);
  const summary = orderSummary(tx, channel?.merchantName ?? "");
  if (tx.state !== "RESERVED")
    return sendHtml(res, 200, page("Payment " + outcomeLabel(tx), summary + outcomeBlock(tx)));
  const buttons = `
<form method="post" action="/web/payment/action" class="mt-6 grid gap-3 sm:grid-cols-2">
  <input type="hidden" name="transactionReserveId" value="${esc(token)}">
  <button type="submit" name="action" value="approve" id="approve-payment" class="${ui.primary} sm:col-span-2">Approve payment</button>
  <button type="submit" name="action" value="cancel" id="cancel-payment" class="${ui.outline}">Cancel</button>
  <button type="submit" name="action" value="fail" id="fail-payment" class="${ui.danger}">Fail</button>
</form>
<p class="${ui.note}">Local LINE Pay sandbox: no money moves. "Fail" simulates a failed payment (check status 0122).</p>`;
  sendHtml(res, 200, page("LINE Pay (sandbox)", summary + buttons));
}

function orderSummary(tx: TransactionRecord, merchantName: string): string {
  const rows = tx.packages
    .flatMap((p) => p.products)
    .map(
      (p) =>
        `<tr class="border-t border-line"><td class="py-2 pr-2">${esc(p.name)}</td><td class="py-2 pr-2 text-right tabular-nums">${p.quantity}</td><td class="py-2 text-right whitespace-nowrap tabular-nums">${money(tx, p.priceMinor)} ${esc(tx.currency)}</td></tr>`,
    )
    .join("");
  const fact = "grid grid-cols-[7rem_minmax(0,1fr)] gap-2 py-1.5";
  return `
<div class="text-center">
  <p class="${ui.muted} m-0">Pay to</p>
  <p id="merchant-name" class="m-0 text-lg font-semibold">${esc(merchantName)}</p>
  <p id="amount" class="mt-2 mb-0 text-4xl font-bold tracking-tight tabular-nums">${money(tx, tx.amountMinor)} ${esc(tx.currency)}</p>
</div>
<dl class="mt-5 border-y border-line py-2 text-sm">
  <div class="${fact}"><dt class="text-muted">Order</dt><dd id="order-id" class="m-0 font-mono break-all">${esc(tx.orderId)}</dd></div>
  <div class="${fact}"><dt class="text-muted">Transaction</dt><dd id="transaction-id" class="m-0 font-mono break-all">${esc(tx.transactionId)}</dd></div>
</dl>
<table class="mt-4 w-full text-sm"><thead class="text-left text-muted"><tr><th class="pb-1 font-semibold">Product</th><th class="pb-1 pr-2 text-right font-semibold">Qty</th><th class="pb-1 text-right font-semibold">Price</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function outcomeLabel(tx: TransactionRecord): string {
  if (tx.state === "CANCELLED") return "cancelled";
  if (tx.state === "FAILED") return "failed";
  return "approved";
}

function outcomeBlock(tx: TransactionRecord): string {
  const { confirmUrl, cancelUrl, confirmUrlType } = tx.redirect;
  const params = { transactionId: tx.transactionId, orderId: tx.orderId };
  const back = tx.state === "AUTHENTICATED" && confirmUrlType === "CLIENT" ? confirmUrl : cancelUrl;
  const link =
    back && confirmUrlType !== "NONE"
      ? `<p class="mt-4 mb-0"><a class="${ui.outline} w-full" href="${esc(appendParams(back, params))}">Return to the merchant</a></p>`
      : "";
  const tone = tx.state === "AUTHENTICATED" ? ui.badge.success : ui.badge.danger;
  return `<div class="mt-5 flex flex-wrap items-center gap-x-3 gap-y-2"><span class="${tone}">${tx.state}</span>
<p id="outcome" data-state="${tx.state}" class="m-0">This payment was ${outcomeLabel(tx)} (state ${tx.state}).</p></div>${link}`;
}

function notFoundPage(): string {
  return page(
    "Payment not found",
    '<p id="outcome" class="m-0">This payment request does not exist or has expired. Return to the shop and start again.</p>',
  );
}

function waitPath(token: string): string {
  return `/web/payment/wait?transactionReserveId=${encodeURIComponent(token)}`;
}

function page(title: string, body: string): string {
  return emulatorPage({
    title,
    lang: "en",
    brand: "line",
    product: "LINE Pay",
    mark: "LP",
    emulatorLabel: "Local sandbox",
    body: `<section class="${ui.card}"><h1 class="mt-0 mb-5 text-center text-xl font-bold">${esc(title)}</h1>${body}</section>`,
  });
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
