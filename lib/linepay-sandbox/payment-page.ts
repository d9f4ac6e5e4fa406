// The LINE Pay payment page stand-in: GET /web/payment/wait?transactionReserveId=… shows the order
// with Approve / Cancel / Fail buttons; POST /web/payment/action applies the choice and redirects
// the browser like LINE does (CLIENT mode: confirmUrl / cancelUrl with transactionId and orderId).
import type { IncomingMessage, ServerResponse } from "node:http";
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
    page("Method not allowed", "<p>This page only supports GET (view) and POST (decide).</p>"),
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
<form method="post" action="/web/payment/action">
  <input type="hidden" name="transactionReserveId" value="${esc(token)}">
  <button type="submit" name="action" value="approve" id="approve-payment" class="primary">Approve payment</button>
  <button type="submit" name="action" value="cancel" id="cancel-payment">Cancel</button>
  <button type="submit" name="action" value="fail" id="fail-payment">Fail</button>
</form>
<p class="note">Local LINE Pay sandbox: no money moves. "Fail" simulates a failed payment (check status 0122).</p>`;
  sendHtml(res, 200, page("LINE Pay (sandbox)", summary + buttons));
}

function orderSummary(tx: TransactionRecord, merchantName: string): string {
  const rows = tx.packages
    .flatMap((p) => p.products)
    .map(
      (p) =>
        `<tr><td>${esc(p.name)}</td><td>${p.quantity}</td><td>${money(tx, p.priceMinor)} ${esc(tx.currency)}</td></tr>`,
    )
    .join("");
  return `
<dl>
  <dt>Merchant</dt><dd id="merchant-name">${esc(merchantName)}</dd>
  <dt>Order</dt><dd id="order-id">${esc(tx.orderId)}</dd>
  <dt>Transaction</dt><dd id="transaction-id">${esc(tx.transactionId)}</dd>
  <dt>Amount</dt><dd id="amount">${money(tx, tx.amountMinor)} ${esc(tx.currency)}</dd>
</dl>
<table><thead><tr><th>Product</th><th>Qty</th><th>Price</th></tr></thead><tbody>${rows}</tbody></table>`;
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
      ? `<p><a href="${esc(appendParams(back, params))}">Return to the merchant</a></p>`
      : "";
  return `<p id="outcome" data-state="${tx.state}">This payment was ${outcomeLabel(tx)} (state ${tx.state}).</p>${link}`;
}

function notFoundPage(): string {
  return page(
    "Payment not found",
    '<p id="outcome">This payment request does not exist or has expired. Return to the shop and start again.</p>',
  );
}

function waitPath(token: string): string {
  return `/web/payment/wait?transactionReserveId=${encodeURIComponent(token)}`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%2306c755'/%3E%3C/svg%3E">
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{color:#06c755;font-size:1.4rem}dt{font-weight:600}dd{margin:0 0 .5rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}
.primary{background:#06c755;color:#fff;border:0}.note{color:#666;font-size:.85rem}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>`;
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
