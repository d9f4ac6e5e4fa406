// The catcher's web page: the received mail, newest first, and each message's text and HTML. The
// HTML part is shown in a sandboxed frame, so a message's scripts (if any) cannot run.
import type { CaughtMail } from "./mailbox";

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const layout = (title: string, body: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem;max-width:60rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}
pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem}iframe{width:100%;height:32rem;border:1px solid #ccc}</style>
</head><body>${body}</body></html>`;

export function mailListPage(mails: CaughtMail[]): string {
  const rows = mails
    .map(
      (m) => `<tr><td><a href="/mail/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a></td>
<td>${escapeHtml(m.to.join(", "))}</td><td>${escapeHtml(m.receivedAt)}</td>
<td>${m.deliveries}</td></tr>`,
    )
    .join("\n");
  const table = mails.length
    ? `<table><thead><tr><th>Subject</th><th>To</th><th>Received (UTC)</th><th>Deliveries</th>
</tr></thead><tbody>${rows}</tbody></table>`
    : "<p>No mail yet.</p>";
  return layout(
    "Mail catcher",
    `<h1>Mail catcher</h1><p>${mails.length} message(s). JSON: <a href="/api/messages">/api/messages</a></p>${table}`,
  );
}

export function mailPage(mail: CaughtMail): string {
  const frame = mail.html
    ? `<h2>HTML</h2><iframe sandbox title="HTML part" src="/mail/${mail.id}/html"></iframe>`
    : "";
  return layout(
    mail.subject,
    `<p><a href="/">All mail</a></p><h1>${escapeHtml(mail.subject)}</h1>
<p>From ${escapeHtml(mail.from)} to ${escapeHtml(mail.to.join(", "))}, ${escapeHtml(mail.receivedAt)}
· Message-ID ${escapeHtml(mail.messageId ?? "none")} · delivered ${mail.deliveries} time(s)</p>
<h2>Text</h2><pre>${escapeHtml(mail.text)}</pre>${frame}`,
  );
}
