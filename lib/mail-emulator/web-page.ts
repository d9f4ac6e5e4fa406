// The catcher's web page: the received mail, newest first, and each message's text and HTML. The
// HTML part is shown in a sandboxed frame, so a message's scripts (if any) cannot run.
import { emulatorPage, ui } from "../brand/emulator-page";
import type { CaughtMail } from "./mailbox";

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const layout = (title: string, body: string) =>
  emulatorPage({
    title,
    lang: "en",
    brand: "tool",
    product: "Mail catcher",
    mark: "@",
    emulatorLabel: "Local emulator",
    body,
    width: "wide",
  });

const deliveries = (count: number) =>
  `<span class="${count > 1 ? ui.badge.warn : ui.badge.neutral}">delivered ${count} time(s)</span>`;

export function mailListPage(mails: CaughtMail[]): string {
  const rows = mails
    .map(
      (
        m,
      ) => `<li class="grid gap-1 px-5 py-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center sm:gap-x-6">
<div class="min-w-0"><a class="font-semibold break-words" href="/mail/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a>
<p class="${ui.muted} m-0 break-all">To ${escapeHtml(m.to.join(", "))}</p></div>
<div class="flex flex-wrap items-center gap-2 text-sm text-muted sm:justify-end"><time class="tabular-nums">${escapeHtml(m.receivedAt)}</time>${deliveries(m.deliveries)}</div></li>`,
    )
    .join("\n");
  const list = mails.length
    ? `<ul class="m-0 list-none divide-y divide-line overflow-hidden rounded-card border border-line bg-surface p-0 shadow-xs">${rows}</ul>`
    : `<p class="${ui.card} m-0 text-muted">No mail yet.</p>`;
  return layout(
    "Mail catcher",
    `<div class="mb-5 flex flex-wrap items-end justify-between gap-2"><h1 class="m-0 text-2xl font-bold">Mail catcher</h1>
<p class="${ui.muted} m-0">${mails.length} message(s), newest first. JSON: <a href="/api/messages">/api/messages</a></p></div>${list}`,
  );
}

export function mailPage(mail: CaughtMail): string {
  const frame = mail.html
    ? `<h2 class="mt-6 mb-2 text-lg font-bold">HTML</h2><iframe sandbox title="HTML part" src="/mail/${mail.id}/html" class="h-[32rem] w-full rounded-control border border-line bg-white"></iframe>`
    : "";
  const fact = (term: string, value: string) =>
    `<div class="grid gap-x-4 py-1 sm:grid-cols-[8rem_minmax(0,1fr)]"><dt class="text-muted">${term}</dt><dd class="m-0 break-all">${value}</dd></div>`;
  return layout(
    mail.subject,
    `<p class="mt-0 mb-4"><a href="/">All mail</a></p>
<section class="${ui.card}"><h1 class="mt-0 mb-3 text-2xl font-bold break-words">${escapeHtml(mail.subject)}</h1>
<dl class="m-0 text-sm">${fact("From", escapeHtml(mail.from))}${fact("To", escapeHtml(mail.to.join(", ")))}${fact("Received (UTC)", escapeHtml(mail.receivedAt))}${fact("Message-ID", escapeHtml(mail.messageId ?? "none"))}${fact("Deliveries", deliveries(mail.deliveries))}</dl>
<h2 class="mt-6 mb-2 text-lg font-bold">Text</h2><pre class="m-0 overflow-x-auto rounded-control bg-subtle p-4 text-sm whitespace-pre-wrap break-words">${escapeHtml(mail.text)}</pre>${frame}</section>`,
  );
}
