// The page that shows what was pushed through the Messaging API, per LINE user, newest first:
// a chat-like bubble per text message, with the retry key each push carried.
import { escapeHtml, pageLayout } from "./http-io";
import type { LineSandboxStore } from "./store";
import type { PageLocale } from "./words";
import { wordsFor } from "./words";

export function messagesPage(store: LineSandboxStore, locale: PageLocale, userId?: string): string {
  const t = wordsFor(locale);
  const pushes = store.messagesTo(userId);
  const recipients = [...new Set(pushes.map((p) => p.to))];
  const sections = recipients.map((to) => {
    const user = store.users.get(to);
    const name = user ? escapeHtml(user.displayName) : "";
    const status = user ? (user.isFriend ? t.friend : t.notFriend) : "";
    const bubbles = pushes
      .filter((p) => p.to === to)
      .map((p) => {
        const texts = p.messages
          .map((m) =>
            m.type === "text"
              ? `<div class="bubble">${escapeHtml(String(m.text))}</div>`
              : `<div class="bubble">[${escapeHtml(String(m.type))}]</div>`,
          )
          .join("");
        const key = p.retryKey ? ` · ${t.retryKey} <code>${escapeHtml(p.retryKey)}</code>` : "";
        return `<article data-testid="line-push">${texts}
<p class="muted">${escapeHtml(p.receivedAt)}${key}</p></article>`;
      })
      .join("");
    return `<section class="card" data-line-user="${escapeHtml(to)}"><h2>${name || escapeHtml(to)}</h2>
<p class="muted"><a href="/users/${escapeHtml(to)}"><code>${escapeHtml(to)}</code></a>
${status ? ` · ${status}` : ""}</p>${bubbles}</section>`;
  });
  const summary = `<p class="muted">${t.messagesIntro}</p><p class="muted">${t.duplicates}:
${store.duplicatesRefused} · JSON: <a href="/__sandbox/messages">/__sandbox/messages</a></p>`;
  return pageLayout(
    t.messagesTitle,
    summary + (sections.join("") || `<p class="card">${t.noMessages}</p>`),
    locale,
  );
}
