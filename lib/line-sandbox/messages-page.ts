// The page that shows what was pushed through the Messaging API, per LINE user, newest first:
// a chat-like bubble per text message, with the retry key each push carried.
import { ui } from "../brand/emulator-page";
import { escapeHtml, pageLayout } from "./http-io";
import type { LineSandboxStore } from "./store";
import type { PageLocale } from "./words";
import { wordsFor } from "./words";

// A chat bubble like LINE's own: the sender's side in LINE green, text wrapped as written.
const BUBBLE =
  "max-w-[36rem] rounded-2xl rounded-tl-sm bg-line-green/15 px-4 py-2.5 whitespace-pre-wrap break-words [overflow-wrap:anywhere]";

export function messagesPage(store: LineSandboxStore, locale: PageLocale, userId?: string): string {
  const t = wordsFor(locale);
  const pushes = store.messagesTo(userId);
  const recipients = [...new Set(pushes.map((p) => p.to))];
  const sections = recipients.map((to) => {
    const user = store.users.get(to);
    const name = user ? escapeHtml(user.displayName) : "";
    const status = user
      ? `<span class="${user.isFriend ? ui.badge.success : ui.badge.neutral}">${user.isFriend ? t.friend : t.notFriend}</span>`
      : "";
    const bubbles = pushes
      .filter((p) => p.to === to)
      .map((p) => {
        const texts = p.messages
          .map((m) =>
            m.type === "text"
              ? `<div class="${BUBBLE}">${escapeHtml(String(m.text))}</div>`
              : `<div class="${BUBBLE}">[${escapeHtml(String(m.type))}]</div>`,
          )
          .join("");
        const key = p.retryKey ? ` · ${t.retryKey} <code>${escapeHtml(p.retryKey)}</code>` : "";
        return `<article data-testid="line-push" class="mt-4 grid justify-items-start gap-1">${texts}
<p class="${ui.muted} m-0 text-xs break-all">${escapeHtml(p.receivedAt)}${key}</p></article>`;
      })
      .join("");
    return `<section class="${ui.card}" data-line-user="${escapeHtml(to)}"><div class="flex flex-wrap items-center gap-x-3 gap-y-1"><h2 class="m-0 text-lg font-bold break-all">${name || escapeHtml(to)}</h2>${status}</div>
<p class="${ui.muted} mt-1 mb-0"><a href="/users/${escapeHtml(to)}"><code class="break-all">${escapeHtml(to)}</code></a></p>${bubbles}</section>`;
  });
  const summary = `<div class="${ui.muted}"><p class="m-0">${t.messagesIntro}</p><p class="mt-1 mb-0">${t.duplicates}:
${store.duplicatesRefused} · JSON: <a href="/__sandbox/messages" class="underline-offset-4">/__sandbox/messages</a></p></div>`;
  return pageLayout(
    t.messagesTitle,
    summary + (sections.join("") || `<p class="${ui.card} m-0">${t.noMessages}</p>`),
    locale,
  );
}
